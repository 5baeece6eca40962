// Small DOM helpers for the console page: typed element lookup and element creation with text only (the page
// never assigns HTML, so nothing from a document or a server can become markup).

/** The element with this id, checked to be of the expected class. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`console.html has no ${type.name} #${id}`);
  return element;
}

/** A new element with attributes and text content. */
export function make<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Sets an element's text, with Markdown `code spans` (common in the documents) as <code> elements. */
export function setTextWithCode(element: HTMLElement, text: string): void {
  element.replaceChildren(...text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? make('code', {}, part) : document.createTextNode(part))));
}

/** Replaces the options of a <select>: [value, label] pairs. */
export function setOptions(select: HTMLSelectElement, options: ReadonlyArray<readonly [string, string]>): void {
  select.replaceChildren(...options.map(([value, label]) => make('option', { value }, label)));
}

/** The value of the checked radio button of a group. */
export function checkedValue(name: string): string {
  const checked = document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
  return checked?.value ?? '';
}

export function show(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}
