// fast-check arbitraries derived from the documents' JSON Schemas, so the fuzzer's idea of "valid" comes from the
// same place as the simulator's, and never from rules copied by hand. Values that a schema feature left out here
// (anyOf, if/then, dependentRequired) cannot express are filtered by the document's own validator afterwards.
import fc from 'fast-check';
import { type ApiName, deref } from '../../../support/openapi.ts';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, unknown>;
  required?: string[];
  additionalProperties?: unknown;
  propertyNames?: unknown;
  oneOf?: unknown[];
  items?: unknown;
};

/** fast-check cannot generate lookaheads: drop `(?=…)` groups; the validator filter restores the rule. */
function withoutLookaheads(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.startsWith('(?=', i) && pattern[i - 1] !== '\\') {
      let depth = 0;
      for (; i < pattern.length; i++) {
        if (pattern[i] === '\\') i++;
        else if (pattern[i] === '(') depth++;
        else if (pattern[i] === ')' && --depth === 0) break;
      }
      continue;
    }
    out += pattern[i];
  }
  return out;
}

function stringOf(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, min + 60);
  const length = (v: string): boolean => [...v].length >= min && [...v].length <= (s.maxLength ?? Infinity);
  if (s.format === 'uuid') return fc.uuid();
  if (s.pattern) {
    const re = new RegExp(s.pattern, 'u');
    const matching = fc.stringMatching(new RegExp(withoutLookaheads(s.pattern)));
    // stringMatching yields mostly ASCII; for "anything but …" patterns also try any Unicode (multi-byte UTF-8),
    // which such patterns accept often enough for a filter. For positive classes a filter would spin forever.
    const unicode = fc.string({ unit: 'binary', minLength: Math.max(min, 1), maxLength: max }).filter((v) => re.test(v));
    return (s.pattern.includes('[^') ? fc.oneof(matching, unicode) : matching).filter(length);
  }
  return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.string({ unit: 'binary', minLength: min, maxLength: max }));
}

export function arbitraryOf(api: ApiName, schema: unknown): fc.Arbitrary<unknown> {
  const s = deref<Schema>(api, schema);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  // A oneOf of object branches (the BMS tags body: create or delete): one branch's value, whole.
  if (Array.isArray(s.oneOf) && !s.properties) return fc.oneof(...s.oneOf.map((branch) => arbitraryOf(api, branch)));
  const types = Array.isArray(s.type) ? s.type : [s.type ?? (s.properties ? 'object' : 'any')];
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'string':
          return stringOf(s);
        case 'integer':
          return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array':
          return fc.array(arbitraryOf(api, s.items ?? {}), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 25) });
        case 'object':
          return objectOf(api, s);
        default:
          return fc.jsonValue();
      }
    }),
  );
}

function objectOf(api: ApiName, s: Schema): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  const known = fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryOf(api, v)])), { requiredKeys: s.required ?? [] });
  if (typeof s.additionalProperties !== 'object' || s.additionalProperties === null) return known;
  const keys = s.propertyNames ? (arbitraryOf(api, s.propertyNames) as fc.Arbitrary<string>) : fc.string({ minLength: 1, maxLength: 20 });
  const extra = fc.dictionary(keys, arbitraryOf(api, s.additionalProperties), {
    minKeys: s.minProperties ?? 0,
    maxKeys: Math.min(s.maxProperties ?? 4, 4),
    noNullPrototype: true,
  });
  return fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...(a as object) })); // spread, not assign: keeps a `__proto__` key
}
