// hwc-openapi-dev's programmatic API: the simulator and the mock on a free loopback port, closed by `await using`.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { defineFixture, SimulatorError, startMock, startSimulator } from '../../src/dev/index.ts';
import { createEcsClient, unwrap } from '../../src/index.ts';
import { fixture, PROJECT, SERVER, TOKEN } from '../servers/sim/support/harness.ts';

/** Whether nothing listens on 127.0.0.1:port any more. */
const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

const metadataCall = (endpoint: string, metadata: Record<string, string>) =>
  createEcsClient({ endpoint, projectId: PROJECT, credentials: { token: TOKEN } }).POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
    params: { path: { server_id: SERVER } },
    body: { metadata },
  });

describe('startSimulator', () => {
  it('serves calls on a free port, state() and reset() behave, and `await using` frees the port at scope end', async () => {
    let port = 0;
    {
      await using sim = await startSimulator({ port: 0, fixture: defineFixture({ ...fixture, private_providers: [] }), warn: () => undefined });
      port = sim.port;
      expect(sim.url).toBe(`http://127.0.0.1:${port}`);
      const { metadata } = unwrap(await metadataCall(sim.url, { owner: 'api' }));
      expect(metadata).toMatchObject({ owner: 'api' });
      expect(sim.state().servers.find((s) => s.id === SERVER)?.metadata).toMatchObject({ owner: 'api' });
      expect(sim.state().private_providers).toEqual([]);
      sim.reset();
      expect(sim.state().servers.find((s) => s.id === SERVER)?.metadata).not.toHaveProperty('owner');
      expect(() => sim.advanceJobs(-1)).toThrow(RangeError);
      expect(await portIsFree(port)).toBe(false);
    }
    expect(await portIsFree(port)).toBe(true);
  });

  it('refuses a fixture that breaks its schema, naming the field', async () => {
    const broken = { ...fixture, servers: [{ id: 'x' }] } as unknown as Parameters<typeof defineFixture>[0];
    await expect(startSimulator({ port: 0, fixture: broken })).rejects.toThrow(SimulatorError);
    await expect(startSimulator({ port: 0, fixture: broken })).rejects.toThrow(/servers\/0|project_id/);
  });
});

describe('startMock', () => {
  it('answers from the examples on a free port and frees it at scope end', async () => {
    let port = 0;
    {
      await using mock = await startMock({ port: 0 });
      port = mock.port;
      const { metadata } = unwrap(await metadataCall(mock.url, { key: 'value' }));
      expect(metadata).toEqual({ key: 'value' });
    }
    expect(await portIsFree(port)).toBe(true);
  });
});
