/**
 * The mock's answer to a service rule of the request alone (src/openapi/service-rules.ts): the documented error
 * example the rule names, unchanged (the service's code and message).
 */
import type { OpenApiDocument, OperationInfo } from '../../openapi/documents.ts';
import { brokenServiceRule } from '../../openapi/service-rules.ts';
import { formatViolation } from '../../openapi/violations.ts';
import { type Answer, documentedExample, invalidRequest } from './answers.ts';

/**
 * The documented answer to the first service rule the request breaks, or undefined. A document without the named
 * example (a file given with --document) gets the operation's 400 naming the field and rule instead.
 */
export function brokenRule(doc: OpenApiDocument, op: OperationInfo, path: Readonly<Record<string, string>>, body: unknown): Answer | undefined {
  const rule = brokenServiceRule(op.operationId, path, body);
  if (!rule) return undefined;
  const violation = { field: rule.field, rule: rule.rule, message: rule.explanation };
  return documentedExample(doc, op, rule.status, rule.example, formatViolation(violation)) ?? invalidRequest(doc, op, [violation]);
}
