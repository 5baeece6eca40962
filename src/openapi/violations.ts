/**
 * What a refused request is told, in one style everywhere (the client's ValidationError, the mock's and the
 * simulator's 400): the field path, the rule and an explanation, e.g.
 *
 *   body.metadata["bad key!"]: pattern: must match ^[A-Za-z0-9_:.-]{1,255}$
 *
 * Separate from validators.ts, which re-exports it, because it has no dependencies: the client formats its own
 * checks with it, and a program that never validates a schema must not bundle ajv to get one sentence.
 */

export interface Violation {
  /** Where: `body.tags[0].key`, `path.server_id`, `header.Client-Request-Id`, `body.metadata["a b"]`. */
  field: string;
  /** The JSON Schema keyword that failed (`pattern`, `required`, `oneOf`, ...) or a named rule. */
  rule: string;
  /** What the rule asks for, e.g. `must NOT have more than 255 characters`. */
  message: string;
}

/** Reported per request at most: an 8 MB body of bad keys must not turn into a 50 MB answer. */
export const MAX_VIOLATIONS = 20;

export const formatViolation = (v: Violation): string => `${v.field}: ${v.rule}: ${v.message}`;

/** One line for a list of violations, capped at MAX_VIOLATIONS with a count of the rest. */
export function formatViolations(violations: readonly Violation[]): string {
  const shown = violations.slice(0, MAX_VIOLATIONS).map(formatViolation);
  const more = violations.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `body` + ['os-change', 'adminpass'] → `body.os-change.adminpass`; array positions as `[0]`, other keys quoted. */
export function fieldPath(root: string, segments: ReadonlyArray<string | number>): string {
  return segments.reduce<string>((at, s) => at + (typeof s === 'number' ? `[${s}]` : IDENTIFIER.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`), root);
}

/** UTF-8 length of a string without allocating (TextEncoder would copy it). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair is one code point of four bytes
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The explanation of an `x-max-bytes` violation. */
export const maxBytesMessage = (limit: number): string => `must NOT be longer than ${limit} bytes (UTF-8)`;

/**
 * The `x-max-bytes: N` keyword as ajv calls it (validators.ts): a string of at most N UTF-8 bytes. Here, in a
 * module without dependencies, so that validators compiled ahead of time (the console's in-page simulator, whose
 * page may not run `new Function`) can import the very same check.
 */
export const maxBytesKeyword: {
  (limit: number, data: string): boolean;
  errors?: Array<{ keyword: string; message: string; params: { limit: number } }>;
} = (limit, data) => {
  if (utf8Length(data) <= limit) return true;
  maxBytesKeyword.errors = [{ keyword: 'x-max-bytes', message: maxBytesMessage(limit), params: { limit } }];
  return false;
};

/** Edit distance (Levenshtein) between two words, for "did you mean" in a message. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
