// The clients of the `state` section, in a process of their own (pinned away from the simulator): a back-to-back
// writer (each request a real change: a new value for one metadata key, so every answer waits for an fsync) and
// a reader (ShowJob of one job: a request that changes nothing), alone or together, for a number of seconds.
// Prints `result={"writes":…,"writesPerSecond":…,"readP50Ms":…,"reads":…}`.
import { Agent, request } from 'node:http';

export interface StateClientConfig {
  base: string;
  seconds: number;
  write: boolean;
  read: boolean;
  /** POST path of UpdateServerMetadata, and the GET path of ShowJob. */
  writePath: string;
  readPath: string;
  token: string;
}

function call(agent: Agent, base: string, method: string, path: string, token: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method, agent, headers: { 'x-auth-token': token, ...(body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        res.resume().on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject).end(body);
  });
}

async function main(config: StateClientConfig): Promise<void> {
  const until = performance.now() + config.seconds * 1000;
  let writes = 0;
  const latencies: number[] = [];
  const writer = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; performance.now() < until; i++) {
      const status = await call(
        agent,
        config.base,
        'POST',
        config.writePath,
        config.token,
        JSON.stringify({ metadata: { bench: `value-${process.pid}-${i}` } }),
      );
      if (status !== 200) throw new Error(`write answered ${status}`);
      writes++;
    }
  };
  const reader = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    while (performance.now() < until) {
      const started = performance.now();
      const status = await call(agent, config.base, 'GET', config.readPath, config.token);
      if (status !== 200) throw new Error(`read answered ${status}`);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all([config.write ? writer() : undefined, config.read ? reader() : undefined]);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const p50 = latencies[Math.floor(latencies.length / 2)] ?? Number.NaN;
  console.log(`result=${JSON.stringify({ writes, writesPerSecond: writes / elapsed, reads: latencies.length, readP50Ms: p50 })}`);
}

await main(JSON.parse(process.argv[2] ?? '{}') as StateClientConfig);
