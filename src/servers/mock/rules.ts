/**
 * The service rules the documents state that need no state of the world, so that a mock can apply them too. A
 * request reaches them only once its schema accepts it, as on the services. Each is answered with the documented
 * error example it names (by its name in the document), unchanged: the service's code and message. The rules that
 * need state (an unknown server or job, a full metadata quota, a vm_state) are the simulator's.
 */
import type { OpenApiDocument, OperationInfo } from '../../openapi/documents.ts';
import { formatViolation } from '../../openapi/violations.ts';
import { type Answer, documentedExample, invalidRequest } from './answers.ts';

interface ServiceRule {
  operationId: string;
  /** The rule's name (the client refuses the same requests under the same names). */
  rule: string;
  field: string;
  status: number;
  /** The name of the documented example of `status` that answers it. */
  example: string;
  /** What the rule asks for: the log line, and the message when a document lacks the example. */
  explanation: string;
  broken(path: Readonly<Record<string, string>>, body: unknown): boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const RULES: readonly ServiceRule[] = [
  {
    // RFS API reference, Updating Private Provider Metadata: an update that changes nothing is refused.
    operationId: 'UpdatePrivateProviderMetadata',
    rule: 'nothing-to-update',
    field: 'body',
    status: 400,
    example: 'RF.10011084',
    explanation: 'must change something: provider_description is the only field an update can change',
    broken: (_, body) => isRecord(body) && body.provider_description === undefined,
  },
  {
    // OpenStack Nova (server_metadata.py): the one pair of `meta` must have the key of the URI.
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

/**
 * The documented answer to the first service rule the request breaks, or undefined. A document without the named
 * example (a file given with --document) gets the operation's 400 naming the field and rule instead.
 */
export function brokenRule(doc: OpenApiDocument, op: OperationInfo, path: Readonly<Record<string, string>>, body: unknown): Answer | undefined {
  const rule = RULES.find((r) => r.operationId === op.operationId && r.broken(path, body));
  if (!rule) return undefined;
  const violation = { field: rule.field, rule: rule.rule, message: rule.explanation };
  return documentedExample(doc, op, rule.status, rule.example, formatViolation(violation)) ?? invalidRequest(doc, op, [violation]);
}
