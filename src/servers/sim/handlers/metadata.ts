// What ECS UpdateServerMetadata and BMS UpdateBaremetalServerMetadata share: the state a server must be in, and a
// merge that is all or nothing within the simulator's limit of items per server.
import type { ErrorExample } from '../../../openapi/error-formats.ts';
import type { Sim } from '../handlers.ts';
import { answer, type Reply } from '../replies.ts';
import { mergeMetadata, metadataQuotaMessage } from '../world.ts';

/** Why a server's vm_state refuses a metadata update, or undefined when it allows one. */
export function vmStateProblem(server: { id: string; vm_state: string }, allowed: ReadonlySet<string>): string | undefined {
  if (allowed.has(server.vm_state)) return undefined;
  return `Server ${server.id} is in vm_state ${server.vm_state}; metadata can be updated only in vm_state ${[...allowed].join(', ')}.`;
}

/** Merges the body's `metadata` and answers all pairs (200), or the refusal when the merge would pass `limit`. */
export function mergeReply(sim: Sim, metadata: Map<string, string>, body: unknown, limit: { items: number; whose: string; refusal: ErrorExample }): Reply {
  const merged = mergeMetadata(metadata, (body as { metadata: Record<string, string> }).metadata, limit.items);
  if ('refused' in merged) return answer(limit.refusal, metadataQuotaMessage(merged.refused, limit.items, limit.whose));
  if (merged.changed) sim.changed();
  return { status: 200, body: { metadata: Object.fromEntries(metadata) } };
}
