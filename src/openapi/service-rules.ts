/**
 * The service rules of the request alone: what the documents state in prose that needs no state of the world,
 * and which of an operation's documented 400 examples answers which mistake. Written once, here: the client
 * refuses such a request before sending it, and the one request pipeline (src/pipeline/) answers it, for the mock
 * and the simulator alike, with the documented example the rule names. A request reaches these rules only once
 * its schema accepts it, as on the services. The rules that need state (an unknown server or job, a full quota, a
 * vm_state) are the simulator's. No dependencies: the client bundles this.
 */
import { fieldPath, maxBytesMessage, utf8Length, type Violation } from './violations.ts';

export interface ServiceRule {
  operationId: string;
  /** The rule's name, as the client's ValidationError and the answers give it. */
  rule: string;
  status: number;
  /** The name of the documented example of `status` that answers it. */
  example: string;
  /**
   * Whether the answer keeps the example's own message (the example is about exactly this mistake) or says the
   * violation (the example is the operation's generic one).
   */
  message: 'example' | 'violation';
  /** The violation, when the request breaks the rule. */
  check(path: Readonly<Record<string, unknown>>, body: unknown): Violation | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const SERVICE_RULES: readonly ServiceRule[] = [
  {
    // RFS API reference, Updating Private Provider Metadata: an update that changes nothing is refused.
    // provider_description is the only field that can change (provider_id only selects). Checked on the value,
    // not on the key, because JSON.stringify drops a field set to undefined.
    operationId: 'UpdatePrivateProviderMetadata',
    rule: 'nothing-to-update',
    status: 400,
    example: 'RF.10011084',
    message: 'example',
    check: (_, body) =>
      isRecord(body) && body.provider_description === undefined
        ? { field: 'body', rule: 'nothing-to-update', message: 'must change something: provider_description is the only field an update can change' }
        : undefined,
  },
  {
    // OpenStack Nova (server_metadata.py): the one pair of `meta` must have the key of the URI; the service
    // answers "Request body and URI mismatch".
    operationId: 'UpdateBaremetalServerMetadataItem',
    rule: 'body-uri-key-match',
    status: 400,
    example: 'badRequest',
    message: 'example',
    check: (path, body) => {
      const keys = isRecord(body) && isRecord(body.meta) ? Object.keys(body.meta) : [];
      return keys.length === 1 && keys[0] !== path.key
        ? { field: 'body.meta', rule: 'body-uri-key-match', message: 'must have the path parameter key as its key' }
        : undefined;
    },
  },
  {
    // BMS API reference, Adding Tags for a BMS (bms_api_0642): the keys of one request must be unique. A rule of the
    // create (a key names one tag to set): the delete, on the same path and operation, states none (bms_api_0643).
    operationId: 'BatchCreateBaremetalServerTags',
    rule: 'unique',
    status: 400,
    example: 'BMS.0001',
    message: 'violation',
    check: (_, body) => {
      const tags = isRecord(body) && body.action === 'create' && Array.isArray(body.tags) ? body.tags : [];
      const first = new Map<unknown, number>();
      for (const [i, tag] of tags.entries()) {
        const key = isRecord(tag) ? tag.key : undefined;
        const seen = first.get(key);
        if (seen !== undefined) {
          return { field: fieldPath('body', ['tags', i, 'key']), rule: 'unique', message: `repeats tags[${seen}].key; tag keys must be unique` };
        }
        first.set(key, i);
      }
      return undefined;
    },
  },
];

/** The rules of one operation. */
export const serviceRules = (operationId: string): ServiceRule[] => SERVICE_RULES.filter((r) => r.operationId === operationId);

/** The first rule of the operation that the request breaks, with its violation, or undefined. */
export function brokenServiceRule(
  operationId: string,
  path: Readonly<Record<string, unknown>>,
  body: unknown,
): { rule: ServiceRule; violation: Violation } | undefined {
  for (const rule of SERVICE_RULES) {
    if (rule.operationId !== operationId) continue;
    const violation = rule.check(path, body);
    if (violation) return { rule, violation };
  }
  return undefined;
}

// RFS API reference, Error Codes (ErrorCode): RFS gives a request that breaks a rule a code per kind of mistake,
// and its document names them as 400 examples. By JSON Schema keyword:
const RFS_BY_RULE: Readonly<Record<string, string>> = {
  required: 'RF.10011001',
  additionalProperties: 'RF.10011002',
  maxLength: 'RF.10011005',
  minLength: 'RF.10011006',
  syntax: 'RF.10011033',
};

/** Per operation, the documented 400 example that answers a violation, when its document gives one per mistake. */
function rfsExample(v: Violation): string | undefined {
  if (v.field === 'path.provider_name' && v.rule === 'pattern') return 'RF.10011166';
  if (v.field === 'body' && v.rule === 'required') return 'RF.10011032';
  return RFS_BY_RULE[v.rule];
}
/** (An example a document lacks falls back to its first 400: the read has no body, so no body codes.) */
const VIOLATION_EXAMPLES: Readonly<Record<string, (v: Violation) => string | undefined>> = {
  UpdatePrivateProviderMetadata: rfsExample,
  ShowPrivateProviderMetadata: rfsExample,
};

/**
 * The name of the 400 example that answers these violations (by the first of them), or undefined for the
 * operation's first 400 example (`Ecs.0005`, `BMS.0001`, Nova's `badRequest`).
 */
export function violationExample(operationId: string, violations: readonly Violation[]): string | undefined {
  const [first] = violations;
  return first && VIOLATION_EXAMPLES[operationId]?.(first);
}

/**
 * A byte limit at `path` in the request body (`x-max-bytes` in the schemas; the generated operations table lists
 * them): on a plain string (`value`), or on every key (`keys`, from `propertyNames`) or every value (`values`,
 * from `additionalProperties`) of a map.
 */
export interface ByteLimit {
  readonly path: readonly string[];
  readonly of: 'keys' | 'values' | 'value';
  readonly maxBytes: number;
}

/**
 * The first byte limit the body breaks, for code that checks without a schema validator (the client's always-on
 * checks). The servers' validator checks the same `x-max-bytes` as an ajv keyword (validators.ts) with the same
 * utf8Length and message.
 */
export function byteLimitViolation(limits: readonly ByteLimit[], body: unknown): Violation | undefined {
  for (const { path, of, maxBytes } of limits) {
    const at = path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), body);
    const named = of === 'value' ? [[undefined, at] as const] : Object.entries(isRecord(at) ? at : {});
    for (const [name, value] of named) {
      const text = of === 'keys' ? name : value;
      if (typeof text === 'string' && utf8Length(text) > maxBytes) {
        return { field: fieldPath('body', name === undefined ? path : [...path, name]), rule: 'x-max-bytes', message: maxBytesMessage(maxBytes) };
      }
    }
  }
  return undefined;
}

/** The documented example that answers a refusal: the service rule's it breaks, else violationExample's. */
export function refusalExample(operationId: string, violations: readonly Violation[]): string | undefined {
  const rule = violations[0]?.rule;
  return SERVICE_RULES.find((r) => r.operationId === operationId && r.rule === rule)?.example ?? violationExample(operationId, violations);
}
