// The landing page's search, run in the browser (compiled into the portal by writeSearchScript in search.ts). It
// reads the index the page carries as JSON and lists the operations, schemas and error codes of every service that
// match all the words typed; Arrow-down and Arrow-up move through the results' links, Enter opens one. Results are built as DOM nodes with textContent: nothing from the index is parsed as HTML.
// Self-contained but for a type (erased when compiled), so that it compiles to one small file the page's
// Content-Security-Policy allows.
import type { SearchEntry } from './search.ts';

type Entry = SearchEntry;

const MAX_RESULTS = 20;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function link(href: string, text: string, className = ''): HTMLAnchorElement {
  const a = element('a', className, text);
  a.href = href;
  return a;
}

/** What a query is matched against, lower case: the entry's own fields (a schema's users are not its name). */
function haystack(entry: Entry): string {
  return [entry.kind, entry.service, entry.name, entry.method, entry.path, entry.summary, entry.status].join(' ').toLowerCase();
}

function result(entry: Entry): HTMLLIElement {
  const item = element('li', `search-result search-${entry.kind}`);
  item.append(element('span', 'badge', entry.service), ' ');
  if (entry.kind === 'operation') {
    item.append(link(entry.href, entry.name, 'opid'), ' ', element('span', `method method-${(entry.method ?? '').toLowerCase()}`, entry.method ?? ''), ' ');
    item.append(element('code', 'path', entry.path ?? ''), element('span', 'summary', entry.summary ?? ''));
    return item;
  }
  if (entry.kind === 'error') {
    item.append(
      element('span', 'kind', 'error '),
      element('code', 'schema', entry.name),
      ` ${entry.status ?? ''} `,
      element('span', 'summary', entry.summary ?? ''),
    );
    item.append(' answered by ');
  } else item.append(element('span', 'kind', 'schema '), element('code', 'schema', entry.name), ' used by ');
  (entry.usedBy ?? []).forEach((use, i) => {
    item.append(i ? ', ' : '', link(use.href, use.operationId));
  });
  return item;
}

function start(): void {
  const box = document.querySelector<HTMLElement>('.search');
  const input = document.getElementById('search-input') as HTMLInputElement | null;
  const list = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  const data = document.getElementById('search-index');
  if (!box || !input || !list || !status || !data) return;
  const entries = (JSON.parse(data.textContent ?? '[]') as Entry[]).map((entry) => ({ entry, text: haystack(entry) }));
  const render = (): void => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.replaceChildren();
    if (words.length === 0) {
      status.textContent = '';
      return;
    }
    const found = entries.filter(({ text }) => words.every((word) => text.includes(word)));
    status.textContent = found.length === 0 ? 'Nothing matches.' : `${found.length} match${found.length === 1 ? '' : 'es'}`;
    list.append(...found.slice(0, MAX_RESULTS).map(({ entry }) => result(entry)));
  };
  input.addEventListener('input', render);
  // Arrow keys move between the input and the results' links (each focused link opens with Enter, as links do).
  box.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...list.querySelectorAll<HTMLAnchorElement>('a')];
    if (links.length === 0) return;
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = event.key === 'ArrowDown' ? Math.min(at + 1, links.length - 1) : at - 1;
    event.preventDefault();
    (next < 0 ? input : links[next])?.focus();
  });
  box.hidden = false;
  render();
}

start();
