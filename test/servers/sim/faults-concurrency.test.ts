// Fault injection (latency, flow control with Retry-After, 5xx) in each service's documented format, and
// concurrency: parallel requests neither lose updates nor break the 20-tag limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import { call, oneRequestPerOperation, PROJECT, SERVER, startTestSim, violations } from './support/harness.ts';

const requests = oneRequestPerOperation('j1');

describe('fault injection', () => {
  const sims: Simulator[] = [];
  afterAll(() => Promise.all(sims.map((s) => s.close())));
  const start = async (faults: Parameters<typeof startTestSim>[0]) => {
    const sim = await startTestSim(faults);
    sims.push(sim);
    return sim;
  };

  it('flow control: 503 Common.1503 on ECS, 429 RF.10014001 on RFS, with Retry-After; nothing where no status is documented', async () => {
    const sim = await start({ faults: { rate429: 1, retryAfterSeconds: 7 } });
    const seen: Record<string, [number, unknown]> = {};
    for (const r of requests) {
      const res = await call(sim.url, r.operationId, r);
      expect(violations(r.operationId, res)).toBe('');
      seen[r.operationId] = [res.status, res.status === 204 || res.status === 200 ? undefined : res.json];
      if (res.status === 429 || res.status === 503) expect(res.headers['retry-after']).toBe('7');
      else expect(res.headers['retry-after']).toBeUndefined();
    }
    // Neither BMS API documents a flow-control status: those requests are served.
    expect(seen).toEqual({
      UpdateServerMetadata: [503, { error: { code: 'Common.1503', message: expect.any(String) } }],
      ChangeServerOsWithoutCloudInit: [503, { error: { code: 'Common.1503', message: expect.any(String) } }],
      ShowJob: [503, { error: { code: 'Common.1503', message: expect.any(String) } }],
      ShowServer: [503, { error: { code: 'Common.1503', message: expect.any(String) } }],
      DeleteServerMetadata: [503, { error: { code: 'Common.1503', message: expect.any(String) } }],
      UpdateBaremetalServerMetadata: [200, undefined],
      UpdateBaremetalServerMetadataItem: [200, undefined],
      BatchCreateBaremetalServerTags: [204, undefined],
      UpdatePrivateProviderMetadata: [429, { error_code: 'RF.10014001', error_msg: expect.any(String) }],
    });
  });

  it('5xx: a 500 in each service format, and no state change', async () => {
    const sim = await start({ faults: { rate5xx: 1 } });
    for (const r of requests) {
      const res = await call(sim.url, r.operationId, r);
      expect(violations(r.operationId, res)).toBe('');
      expect(res.status).toBe(500);
    }
    expect(sim.state.servers[0]?.metadata).toEqual({ env: 'dev' });
    expect(sim.state.baremetal_servers[0]?.metadata).toEqual({});
    expect(sim.state.jobs).toEqual([]);
  });

  it('latency: every API response waits the configured time', async () => {
    const sim = await start({ faults: { latencyMs: 150 } });
    const t = performance.now();
    const res = await call(sim.url, 'UpdateServerMetadata', requests[0]!);
    expect(res.status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(145);
  });
});

describe('concurrency', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());

  it('1,000 concurrent metadata updates of different keys to one server lose none', async () => {
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        call(sim.url, 'UpdateServerMetadata', { params: { project_id: PROJECT, server_id: SERVER }, body: { metadata: { [`key-${i}`]: `value-${i}` } } }),
      ),
    );
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    const metadata = sim.state.servers.find((s) => s.id === SERVER)?.metadata ?? {};
    expect(Object.keys(metadata)).toHaveLength(1001);
    expect(metadata['key-999']).toBe('value-999');
  });

  it('concurrent tag requests never take a server past 20 tags, and each is applied whole or not at all', async () => {
    sim.reset();
    const requestsOf3 = Array.from({ length: 30 }, (_, i) => [0, 1, 2].map((j) => ({ key: `r${i}-t${j}`, value: 'v' })));
    const results = await Promise.all(
      requestsOf3.map((tags) =>
        call(sim.url, 'BatchCreateBaremetalServerTags', { params: { project_id: PROJECT, server_id: SERVER }, body: { action: 'create', tags } }),
      ),
    );
    const accepted = results.filter((r) => r.status === 204).length;
    expect(results.every((r) => r.status === 204 || r.status === 400)).toBe(true);
    expect(accepted).toBe(6); // 6 × 3 = 18; a seventh would make 21
    const keys = (sim.state.baremetal_servers.find((b) => b.id === SERVER)?.tags ?? []).map((t) => t.key);
    expect(keys).toHaveLength(18);
    for (const [i, tags] of requestsOf3.entries()) {
      const present = tags.filter((t) => keys.includes(t.key)).length;
      expect(present === 0 || present === 3, `request ${i} partially applied`).toBe(true);
    }
  });
});
