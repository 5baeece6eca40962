/**
 * Matches a request's method and path to an operation of the documents. One router for the mock, the proxy and
 * the simulator: literal segments beat templated ones, and path parameters are percent-decoded.
 */
import type { OperationInfo } from './documents.ts';
import { fieldPath, type Violation } from './violations.ts';

export interface Route<Op extends OperationInfo = OperationInfo> {
  op: Op;
  /** Upper case. */
  method: string;
  regex: RegExp;
  /** Path parameter names, in the order of the regex groups. */
  names: string[];
}

export type RouteMatch<Op extends OperationInfo = OperationInfo> =
  | { kind: 'ok'; op: Op; params: Record<string, string> }
  /** A path parameter is not valid percent-encoded UTF-8 (`%FF`, `%ZZ`, a lone `%`). */
  | { kind: 'bad-encoding'; op: Op; name: string; params: Record<string, string> }
  /** The path exists, but not with this method. */
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'none' };

/** `s` as a literal inside a regular expression. */
export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The one violation of a `bad-encoding` match: its parameters cannot be decoded, so nothing else can be checked. */
export const badEncoding = (name: string): Violation => ({
  field: fieldPath('path', [name]),
  rule: 'encoding',
  message: 'must be valid percent-encoded UTF-8',
});
const literalLength = (template: string): number => template.replace(/\{[^}]+\}/g, '').length;

/** Compiles the operations into routes, most specific first; throws when two operations share a route. */
export function compileRoutes<Op extends OperationInfo>(operations: readonly Op[]): Route<Op>[] {
  const seen = new Map<string, Op>();
  const routes = operations.map((op) => {
    const key = `${op.method.toUpperCase()} ${op.path.replace(/\{[^}]*\}/g, '{}')}`;
    const other = seen.get(key);
    if (other) throw new Error(`${op.service} ${op.operationId} and ${other.service} ${other.operationId} share the route ${key}`);
    seen.set(key, op);
    const names: string[] = [];
    const source = op.path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        if (!part.startsWith('{')) return escapeRegex(part);
        names.push(part.slice(1, -1));
        return '([^/]+)';
      })
      .join('');
    return { op, method: op.method.toUpperCase(), regex: new RegExp(`^${source}$`), names };
  });
  return routes.sort((a, b) => literalLength(b.op.path) - literalLength(a.op.path));
}

/** The operation for `method` and `path` (without the query string). */
export function matchRoute<Op extends OperationInfo>(routes: readonly Route<Op>[], method: string, path: string): RouteMatch<Op> {
  // The routes of other methods are tried only when none of this one matches: for the 405's Allow list.
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (let i = 0; i < route.names.length; i++) {
      const name = route.names[i] as string;
      try {
        const raw = m[i + 1] ?? '';
        // Most values have nothing to decode: decodeURIComponent would return them as they are, more slowly.
        params[name] = raw.includes('%') ? decodeURIComponent(raw) : raw;
      } catch {
        return { kind: 'bad-encoding', op: route.op, name, params };
      }
    }
    return { kind: 'ok', op: route.op, params };
  }
  const allowed = routes.filter((route) => route.method !== method && route.regex.test(path)).map((route) => route.method);
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'none' };
}
