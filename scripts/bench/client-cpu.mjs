// Client CPU time per request against a local node:http server (run in a child process so that its CPU is not
// counted): raw fetch, openapi-fetch unsigned, our client (token and AK/SK) and the official SDK (AK/SK).
import { bundle, fmt, freePort, median, progress, root, startProcess, writeProgram } from './lib.mjs';

const serverSource = `
import { createServer } from 'node:http';
const body = JSON.stringify({ metadata: { key: 'value' } });
createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'bench' }); res.end(body); });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

const SERVER_ID = '95bf2490-5428-432c-ad9b-5e3406f869dd';
const PATH = '/v1/{project_id}/cloudservers/{server_id}/metadata';

async function clients(url) {
  const { file } = await bundle(writeProgram('client-entry.mjs', `export * from ${JSON.stringify(`${root}/src/index.ts`)};\n`), {
    minify: false,
    name: 'client-entry',
  });
  const ours = await import(file);
  const { default: createClient } = await import('openapi-fetch');
  const sdkEcs = await import('@huaweicloud/huaweicloud-sdk-ecs');
  const { BasicCredentials } = await import('@huaweicloud/huaweicloud-sdk-core');
  const body = { metadata: { key: 'value' } };
  const bare = createClient({ baseUrl: url, headers: { 'X-Auth-Token': 'token' } });
  const withToken = ours.createEcsClient({ endpoint: url, projectId: 'p', credentials: { token: 'token' }, retry: false });
  const signed = ours.createEcsClient({ endpoint: url, projectId: 'p', credentials: { accessKey: 'AK', secretKey: 'SK' }, retry: false });
  const sdk = sdkEcs.EcsClient.newBuilder().withCredential(new BasicCredentials().withAk('AK').withSk('SK').withProjectId('p')).withEndpoint(url).build();
  const call = { params: { path: { project_id: 'p', server_id: SERVER_ID } }, body };
  return {
    'raw fetch': async () => {
      const res = await fetch(`${url}/v1/p/cloudservers/${SERVER_ID}/metadata`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Auth-Token': 'token' },
        body: JSON.stringify(body),
      });
      await res.json();
    },
    'openapi-fetch, unsigned': async () => void (await bare.POST(PATH, call)),
    'our client, token': async () => void (await withToken.POST(PATH, call)),
    'our client, AK/SK signed': async () => void (await signed.POST(PATH, call)),
    'official SDK, AK/SK signed': async () =>
      void (await sdk.updateServerMetadata(
        new sdkEcs.UpdateServerMetadataRequest(SERVER_ID).withBody(new sdkEcs.UpdateServerMetadataRequestBody().withMetadata(body.metadata)),
      )),
  };
}

/** CPU microseconds of this process per request, for `count` requests with `concurrency` in flight. */
async function cpuPerRequest(fn, count, concurrency) {
  const start = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await fn();
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

export async function run() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess(['--input-type=module', '-e', serverSource], url, { env: { PORT: String(port) } });
  try {
    const variants = await clients(url);
    const rows = [];
    for (const [concurrency, count] of [
      [1, 1500],
      [16, 3000],
    ]) {
      progress(`client CPU per request, concurrency ${concurrency}: ${count} requests × 3 rounds per client`);
      const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
      for (const fn of Object.values(variants)) await cpuPerRequest(fn, 200, concurrency); // warm-up
      for (let round = 0; round < 3; round++) {
        for (const [name, fn] of Object.entries(variants)) samples[name].push(await cpuPerRequest(fn, count, concurrency));
      }
      const us = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
      const base = us['openapi-fetch, unsigned'];
      for (const name of ['raw fetch', 'our client, token', 'official SDK, AK/SK signed']) {
        rows.push({
          metric: `client CPU per request, ${name}, concurrency ${concurrency} (µs)`,
          ours: fmt(us[name], 0),
          peer: `${fmt(base, 0)} (openapi-fetch unsigned)`,
          ratio: us[name] / base,
          goal: '',
          met: undefined,
        });
      }
      const r = us['our client, AK/SK signed'] / base;
      rows.push({
        metric: `client CPU per request, our client AK/SK signed, concurrency ${concurrency} (µs)`,
        ours: fmt(us['our client, AK/SK signed'], 0),
        peer: `${fmt(base, 0)} (openapi-fetch unsigned)`,
        ratio: r,
        goal: '≤ 1.2×',
        met: r <= 1.2,
      });
      const sdkRatio = us['our client, AK/SK signed'] / us['official SDK, AK/SK signed'];
      rows.push({
        metric: `client CPU per signed request vs official SDK, concurrency ${concurrency} (µs)`,
        ours: fmt(us['our client, AK/SK signed'], 0),
        peer: `${fmt(us['official SDK, AK/SK signed'], 0)} (official SDK)`,
        ratio: sdkRatio,
        goal: '',
        met: undefined,
      });
    }
    return rows;
  } finally {
    await server.stop();
  }
}
