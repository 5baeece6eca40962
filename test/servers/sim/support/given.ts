// The world a server case of the fidelity table needs (its `given`), as a fixture: the default fixture with the
// path's server, provider or metadata changed. A simulator started with it meets the case's precondition.
import type { Fixture } from '../../../../src/servers/sim/index.ts';
import type { InvalidCase } from '../../../support/fidelity-cases.ts';
import { operation } from '../../../support/openapi.ts';
import { fixture } from './harness.ts';

export function fixtureFor(c: InvalidCase): Fixture {
  const world = structuredClone(fixture);
  const { server, metadataKeys, provider } = c.given ?? {};
  const serverId = c.path.server_id;
  const list: Array<{ id: string; vm_state: string; metadata?: Record<string, string> }> =
    operation(c.operationId).api === 'bms' ? world.baremetal_servers : world.servers;
  const target = list.find((s) => s.id === serverId);
  if ((server !== undefined || metadataKeys !== undefined) && !target) throw new Error(`${c.name}: the fixture has no server ${serverId}`);
  if (server === 'missing') list.splice(list.indexOf(target as (typeof list)[number]), 1);
  else if (server && target) target.vm_state = server.vmState;
  if (metadataKeys !== undefined && target) target.metadata = Object.fromEntries(Array.from({ length: metadataKeys }, (_, i) => [`given-${i}`, 'v']));
  const named = world.private_providers.find((p) => p.name === c.path.provider_name);
  if (provider !== undefined && !named) throw new Error(`${c.name}: the fixture has no provider ${c.path.provider_name}`);
  if (provider === 'missing') world.private_providers = world.private_providers.filter((p) => p !== named);
  else if (provider && named) named.id = provider.id;
  return world;
}
