/**
 * The service rules the documents state in prose that need no state of the world: a rule of the request alone,
 * which a request reaches only once its schema accepts it, as on the services. Written once, here: the client
 * refuses such a request before sending it, the mock answers it with the documented example the rule names, and
 * the simulator too. The rules that need state (an unknown server or job, a full quota, a vm_state) are the
 * simulator's. No dependencies: the client bundles this.
 */

export interface ServiceRule {
  operationId: string;
  /** The rule's name, as the client's ValidationError and the mock's log line give it. */
  rule: string;
  field: string;
  status: number;
  /** The name of the documented example of `status` that answers it. */
  example: string;
  /** What the rule asks for. */
  explanation: string;
  broken(path: Readonly<Record<string, unknown>>, body: unknown): boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const SERVICE_RULES: readonly ServiceRule[] = [
  {
    // RFS API reference, Updating Private Provider Metadata: an update that changes nothing is refused.
    // provider_description is the only field that can change (provider_id only selects). Checked on the value,
    // not on the key, because JSON.stringify drops a field set to undefined.
    operationId: 'UpdatePrivateProviderMetadata',
    rule: 'nothing-to-update',
    field: 'body',
    status: 400,
    example: 'RF.10011084',
    explanation: 'must change something: provider_description is the only field an update can change',
    broken: (_, body) => isRecord(body) && body.provider_description === undefined,
  },
  {
    // OpenStack Nova (server_metadata.py): the one pair of `meta` must have the key of the URI; the service
    // answers "Request body and URI mismatch".
    operationId: 'UpdateBaremetalServerMetadataItem',
    rule: 'body-uri-key-match',
    field: 'body.meta',
    status: 400,
    example: 'badRequest',
    explanation: 'must have the path parameter key as its key',
    broken: (path, body) => {
      const keys = isRecord(body) && isRecord(body.meta) ? Object.keys(body.meta) : [];
      return keys.length === 1 && keys[0] !== path.key;
    },
  },
];

/** The rules of one operation. */
export const serviceRules = (operationId: string): ServiceRule[] => SERVICE_RULES.filter((r) => r.operationId === operationId);

/** The first rule of the operation that the request breaks, or undefined. */
export function brokenServiceRule(operationId: string, path: Readonly<Record<string, unknown>>, body: unknown): ServiceRule | undefined {
  return SERVICE_RULES.find((r) => r.operationId === operationId && r.broken(path, body));
}
