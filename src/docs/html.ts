// A tiny HTML template tag: every interpolated value is escaped unless it is already SafeHtml, so text from the
// OpenAPI documents can never inject markup into the portal's pages.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate. Objects are not allowed: they would render as `[object Object]`. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (value instanceof SafeHtml) return value.value;
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Fragments joined by a separator (itself markup, e.g. `'\n\n'` or `', '`). */
export function joinHtml(parts: readonly HtmlValue[], separator: string): SafeHtml {
  return new SafeHtml(parts.map(render).join(separator));
}

/** Escapes text, then turns Markdown `code spans` (common in the documents' summaries) into <code>. */
export function inlineCode(text: string): SafeHtml {
  return new SafeHtml(escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>'));
}
