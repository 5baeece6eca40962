// A tiny HTML template tag: every interpolated value is escaped unless it is already SafeHtml, so text from the
// OpenAPI documents can never inject markup into the portal's pages.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate. Objects are not allowed: they would render as `[object Object]`. */
type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function escapeHtml(text: string): string {
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

/**
 * A value as JSON for a `<script type="application/json">` data block. A data block is not parsed as HTML, so it
 * is not HTML-escaped; `<` is escaped so that no string in it can close the element early.
 */
export function jsonData(value: unknown): SafeHtml {
  return new SafeHtml(JSON.stringify(value).replace(/</g, '\\u003c'));
}

/** Escapes text, then turns Markdown `code spans` (common in the documents' summaries) into <code>. */
export function inlineCode(text: string): SafeHtml {
  return new SafeHtml(escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>'));
}

/**
 * The start of every portal page up to `</head>`: charset, viewport, its Content-Security-Policy (a constant of
 * the code, written as is: its quotes need no escaping), title and icon.
 */
export function pageHead({ title, csp, head }: { title: string; csp: string; head: HtmlValue }): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${new SafeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="favicon.ico">
${head}
</head>`;
}
