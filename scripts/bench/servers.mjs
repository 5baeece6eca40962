// Throughput and latency of UpdateServerMetadata (autocannon, 127.0.0.1 only, bounded): the Prism mock, the
// stateful simulator, and a bare node:http server returning the same body.
import { existsSync } from 'node:fs';
import autocannon from 'autocannon';
import { fmt, freePort, progress, root, startProcess } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const PROJECT = 'c685484a8cc2416b97260938705deb65';
const SERVER = '95bf2490-5428-432c-ad9b-5e3406f869dd';
const TOKEN = process.env.BENCH_SIM_TOKEN ?? 'sim-token';

const bareSource = `
import { createServer } from 'node:http';
const body = JSON.stringify({ metadata: { key: 'value' } });
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { JSON.parse(Buffer.concat(chunks).toString() || '{}'); res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'r' }); res.end(body); });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

function load(url) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/v1/${PROJECT}/cloudservers/${SERVER}/metadata`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
        body: JSON.stringify({ metadata: { key: 'value' } }),
        connections: CONNECTIONS,
        duration: SECONDS,
        timeout: 5,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

async function measure(name, args, env = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  progress(`throughput: ${name} (${SECONDS} s, ${CONNECTIONS} connections)`);
  const server = await startProcess(args(port), url, { env: { ...env, PORT: String(port) } });
  try {
    await load(url).catch(() => undefined); // warm-up pass is the first second of the real one; keep it simple
    const result = await load(url);
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
  } finally {
    await server.stop();
  }
}

export async function run() {
  const results = {};
  results.bare = await measure('bare node:http', () => ['--input-type=module', '-e', bareSource]);
  results.prism = await measure('Prism mock (npm run mock)', (port) => ['--import', 'tsx', 'src/servers/cli/main.ts', 'mock', '--port', String(port)]);
  if (existsSync(`${root}/src/servers/cli/sim.ts`)) {
    results.sim = await measure('simulator (npm run sim)', (port) => ['--import', 'tsx', 'src/servers/cli/main.ts', 'sim', '--port', String(port)]);
  }
  const line = (r) => `${fmt(r.rps, 0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.non2xx || r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : ''}`;
  const rows = [
    {
      metric: 'UpdateServerMetadata throughput, Prism mock vs bare node:http',
      ours: line(results.prism),
      peer: line(results.bare),
      ratio: results.prism.rps / results.bare.rps,
      goal: '',
      met: undefined,
    },
  ];
  if (results.sim) {
    const vsPrism = results.sim.rps / results.prism.rps;
    const vsBare = results.sim.rps / results.bare.rps;
    rows.push(
      {
        metric: 'UpdateServerMetadata throughput, simulator vs Prism mock',
        ours: line(results.sim),
        peer: line(results.prism),
        ratio: vsPrism,
        goal: '≥ 5×',
        met: vsPrism >= 5,
      },
      {
        metric: 'UpdateServerMetadata throughput, simulator vs bare node:http',
        ours: line(results.sim),
        peer: line(results.bare),
        ratio: vsBare,
        goal: '≥ 0.5×',
        met: vsBare >= 0.5,
      },
    );
  }
  return rows;
}
