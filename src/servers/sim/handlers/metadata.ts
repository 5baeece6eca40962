// What the ECS and BMS handlers share: the server of a path, the state a server must be in and its refusal, and a
// metadata merge that is all or nothing within the simulator's limit of items per server.
import type { ErrorExample } from '../../../openapi/error-formats.ts';
import type { HandlerContext } from '../handlers.ts';
import { answer, type Reply } from '../replies.ts';
import { mergeMetadata, metadataQuotaMessage } from '../world.ts';

/** The server of the path in `servers`, if it exists in the path's project (another project's is as unknown). */
export function serverInProject<S extends { project_id: string }>(servers: ReadonlyMap<string, S>, params: Record<string, string>): S | undefined {
  const server = servers.get(params.server_id ?? '');
  return server && server.project_id === params.project_id ? server : undefined;
}

/** A state refusal: the documented message, then what the simulator knows (which state, which job). */
export const stateError = (example: ErrorExample, detail: string): Reply => answer(example, `${example.message} ${detail}`);

/** Why a server's vm_state refuses a metadata update (or deletion), or undefined when it allows one. */
export function vmStateProblem(
  server: { id: string; vm_state: string },
  allowed: ReadonlySet<string>,
  change: 'updated' | 'deleted' = 'updated',
): string | undefined {
  if (allowed.has(server.vm_state)) return undefined;
  return `Server ${server.id} is in vm_state ${server.vm_state}; metadata can be ${change} only in vm_state ${[...allowed].join(', ')}.`;
}

/** Merges the body's `metadata` and answers all pairs (200), or the refusal when the merge would pass `limit`. */
export function mergeReply(
  sim: HandlerContext,
  metadata: Map<string, string>,
  body: unknown,
  limit: { items: number; whose: string; refusal: ErrorExample },
): Reply {
  const merged = mergeMetadata(metadata, (body as { metadata: Record<string, string> }).metadata, limit.items);
  if ('refused' in merged) return answer(limit.refusal, metadataQuotaMessage(merged.refused, limit.items, limit.whose));
  if (merged.changed) sim.changed();
  return { status: 200, body: { metadata: Object.fromEntries(metadata) } };
}
