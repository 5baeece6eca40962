/**
 * Prism's way of choosing a response: the `Prefer` header (`code=400, example=Failed, dynamic=true, seed=x`), or
 * when there is none its query fallback (`?__code=400&__example=Failed`). Checked here, so that a bad choice is a
 * 422 that says what is valid, instead of a fault inside Prism or Prism's 404, which a client would take for the
 * operation's own.
 */
import { type OpenApiDocument, type OperationInfo, responseExamples } from '../openapi/documents.ts';

/** What the client asked for with `Prefer` (or the `__code`-style query). */
export interface MockChoice {
  code?: number;
  exampleKey?: string;
  dynamic?: boolean;
  seed?: string;
}

const KEYS = ['code', 'example', 'dynamic', 'seed'] as const;

/** The choice, or a message saying what is wrong with it. */
export function parsePreferences(header: string | undefined, query: URLSearchParams): MockChoice | string {
  const raw: Partial<Record<(typeof KEYS)[number], string>> = {};
  const known = (key: string): key is (typeof KEYS)[number] => (KEYS as readonly string[]).includes(key);
  if (header) {
    for (const part of header.split(/[,;]/)) {
      const at = part.indexOf('=');
      const key = part.slice(0, at).trim().toLowerCase();
      if (at > 0 && known(key))
        raw[key] = part
          .slice(at + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1');
    }
  } else {
    for (const key of KEYS) {
      const value = query.get(`__${key}`);
      if (value !== null) raw[key] = value;
    }
  }
  const choice: MockChoice = {};
  if (raw.code !== undefined) {
    if (!/^\d{3}$/.test(raw.code)) return `Prefer code must be a three-digit status, got "${raw.code}"`;
    choice.code = Number(raw.code);
  }
  if (raw.dynamic !== undefined) {
    if (raw.dynamic !== 'true' && raw.dynamic !== 'false') return `Prefer dynamic must be true or false, got "${raw.dynamic}"`;
    choice.dynamic = raw.dynamic === 'true';
  }
  if (raw.example !== undefined) choice.exampleKey = raw.example;
  if (raw.seed !== undefined) choice.seed = raw.seed;
  return choice;
}

/** The status Prism answers with: the one asked for, else the operation's lowest 2xx, else its first. */
function chosenStatus(op: OperationInfo, choice: MockChoice): number | undefined {
  if (choice.code !== undefined) return choice.code;
  const success = op.statuses.filter((s) => s >= 200 && s < 300).sort((a, b) => a - b);
  return success[0] ?? op.statuses[0];
}

/** The names of the JSON examples of one documented response. */
function exampleNames(doc: OpenApiDocument, op: OperationInfo, status: number): string[] {
  return responseExamples(doc, op, status).map((e) => e.name);
}

/**
 * What is wrong with the choice for this operation: a `code=` it does not document (a message listing the ones it
 * does), or an `example=` that names no example of the chosen response (a message listing the valid names).
 * Undefined when the choice can be served.
 */
export function unservableChoice(doc: OpenApiDocument, op: OperationInfo, choice: MockChoice): string | undefined {
  if (choice.code !== undefined && !op.statuses.includes(choice.code)) {
    const documented = [...op.statuses].sort((a, b) => a - b).join(', ');
    return `Prefer code=${choice.code}: ${op.operationId} documents no ${choice.code} response; documented statuses: ${documented}`;
  }
  const key = choice.exampleKey;
  const status = chosenStatus(op, choice);
  if (key === undefined || status === undefined) return undefined;
  const names = exampleNames(doc, op, status);
  if (names.includes(key)) return undefined;
  const valid = names.length > 0 ? `valid names: ${names.join(', ')}` : 'it has no named examples';
  return `Prefer example=${JSON.stringify(key)}: the ${status} response of ${op.operationId} has no example of that name; ${valid}`;
}
