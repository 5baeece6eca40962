// The code samples the published documents carry (x-codeSamples) are proven on the installed packages, as a user
// would use them: every TypeScript sample type-checks under strict settings against the installed client, and every
// TypeScript and curl sample, pointed at the installed simulator (only the endpoint is rewritten: the documented
// regional host becomes the simulator's URL), gets its operation's documented success. The landing page's quick
// start type-checks too. The README's client example and the landing page's quick start also run, as written, against
// the installed simulator, with only the environment variables the README gives. A sample that stops compiling or
// working fails the build.
import { type ChildProcess, execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLIENT_EXAMPLE } from '../../src/docs/guide/quick-start.ts';
import { READ_BACK_EXAMPLE } from '../../src/docs/guide/read-back.ts';
import { BMS_READ_BACK_EXAMPLE, RFS_READ_BACK_EXAMPLE } from '../../src/docs/guide/read-back-bms-rfs.ts';
import { listOperations, type OpenApiDocument, type OperationInfo, responseOf, SERVICES, type ServiceName } from '../../src/openapi/documents.ts';
import { exampleRequest, sdkOperationsOf } from '../../src/openapi/samples.ts';
import { validatorAt } from '../support/openapi.ts';
import { samplesTsconfig } from './consumer-files.ts';
import { installedConsumer } from './global-setup.ts';
import { startCommand, stopCommands } from './installed-command.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const consumer = await installedConsumer(inject('consumerWork'));
const { app } = consumer;
const children: ChildProcess[] = [];
// Jobs of no length: a program that follows its job (waitForJob, as written: a poll every 5 s) finds it done at the first poll.
const JOB_TIMINGS = ['--job-init-ms', '0', '--job-stop-ms', '0', '--job-run-ms', '0'];
/** The documented regional endpoints, which the samples name and the tests point at the simulator. */
const REGIONAL_HOST = /https:\/\/[a-z]+\.cn-north-4\.myhuaweicloud\.com/g;
const REGION_OPTION = "region: 'cn-north-4',";

interface Sample {
  service: ServiceName;
  /** The SDK operation the sample shows (an operation may serve two: BMS tags, create and delete). */
  name: string;
  op: OperationInfo;
  doc: OpenApiDocument;
  curl: string;
  typescript: string;
}

/** The samples of the documents as the client package ships them. */
function installedSamples(): Sample[] {
  return SERVICES.flatMap((service) => {
    const doc = JSON.parse(readFileSync(join(app, 'node_modules/hwc-openapi/generated/openapi', `${service}.json`), 'utf8')) as OpenApiDocument;
    return listOperations(doc, service).flatMap((op) => {
      const samples = op.operation['x-codeSamples'] as Array<{ lang: string; source: string }> | undefined;
      const sources = (lang: string) => samples?.filter((sample) => sample.lang === lang).map((sample) => sample.source) ?? [];
      const typescript = sources('TypeScript');
      return sdkOperationsOf(op).map((sdk, i) => ({
        service,
        name: sdk.operationId,
        op,
        doc,
        curl: sources('curl')[i] ?? '',
        typescript: typescript[i] ?? '',
      }));
    });
  });
}

const samples = installedSamples();
/** The guide's write-then-read-back programs, type-checked with the samples and run against the simulator. */
const GUIDE_PROGRAMS = { 'guide-bms-read-back': BMS_READ_BACK_EXAMPLE, 'guide-rfs-read-back': RFS_READ_BACK_EXAMPLE };
const fixture = JSON.parse(readFileSync(join(app, 'node_modules/hwc-openapi-dev/dist/assets/fixtures/default.json'), 'utf8')) as {
  credentials: { tokens: string[]; access_keys: Array<{ access_key: string; secret_key: string }> };
  servers: Array<{ id: string; project_id: string }>;
  baremetal_servers: unknown[];
  private_providers: unknown[];
  images: Array<{ id: string }>;
};
const credentials = {
  HWC_TOKEN: fixture.credentials.tokens[0] ?? '',
  HWC_ACCESS_KEY: fixture.credentials.access_keys[0]?.access_key ?? '',
  HWC_SECRET_KEY: fixture.credentials.access_keys[0]?.secret_key ?? '',
};

/** Wraps fetch, before the sample's own code runs, to log every exchange: what the sample got, as the test sees it. */
const RECORD_FETCH = `import { appendFileSync } from 'node:fs';
const send = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const response = await send(request);
  const body = await response.clone().text();
  appendFileSync(process.env.SAMPLE_LOG, JSON.stringify({ method: request.method, url: request.url, status: response.status, body }) + '\\n');
  return response;
};
`;

/**
 * A state for a second simulator that also holds the job ShowJob's sample asks for (the fixture format has no
 * jobs): the fixture's resources plus that job, finished. Read-only samples run there, without resets.
 */
function stateWithDocumentedJob(): string {
  const showJob = samples.find((s) => s.op.operationId === 'ShowJob');
  if (!showJob) throw new Error('the documents have no ShowJob');
  const { pathParams } = exampleRequest(showJob.doc, showJob.op, 'token').request;
  const server = fixture.servers.find((s) => s.project_id === pathParams.project_id);
  const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
  const step = {
    job_id: `${pathParams.job_id}-1`,
    job_type: 'changeOS',
    effect: 'changeOS',
    begin: at(50),
    end: at(40),
    error_code: null,
    fail_reason: null,
    done: true,
  };
  const job = { job_id: pathParams.job_id, job_type: 'changeOS', project_id: pathParams.project_id, server_id: server?.id, image_id: fixture.images[0]?.id };
  const state = {
    format: 'hwc-sim-state/1',
    servers: fixture.servers,
    baremetal_servers: fixture.baremetal_servers,
    private_providers: fixture.private_providers,
  };
  const file = join(app, 'documented-job.state.json');
  writeFileSync(file, JSON.stringify({ ...state, jobs: [{ ...job, created: at(60), steps: [step], done: true }] }));
  return file;
}

let world: string; // the simulator every changing sample runs against, reset before each
let jobs: string; // the simulator of the read-only samples, whose state holds the documented job
let typecheck: { stdout: string; stderr: string; seconds: number };

beforeAll(async () => {
  const dir = join(app, 'samples');
  mkdirSync(dir, { recursive: true });
  const files = samples.map((s) => `samples/${s.name}.ts`);
  for (const s of samples) writeFileSync(join(app, `samples/${s.name}.ts`), s.typescript);
  writeFileSync(join(dir, 'quick-start.ts'), `${CLIENT_EXAMPLE}\n`);
  for (const [name, program] of Object.entries(GUIDE_PROGRAMS)) writeFileSync(join(dir, `${name}.ts`), `${program}\n`);
  writeFileSync(join(dir, 'read-back.ts'), `${READ_BACK_EXAMPLE}\n`);
  // `.mts`, as the README tells its readers: an ES module whatever the project's package.json says.
  const readme = readmeSnippets().map((snippet, i) => {
    writeFileSync(join(dir, `readme-${i + 1}.mts`), snippet);
    return `samples/readme-${i + 1}.mts`;
  });
  const guide = Object.keys(GUIDE_PROGRAMS).map((name) => `samples/${name}.ts`);
  writeFileSync(
    join(app, 'tsconfig.samples.json'),
    samplesTsconfig([...files, 'samples/quick-start.ts', 'samples/read-back.ts', ...guide, ...readme], 'samples-out'),
  );
  writeFileSync(join(app, 'record-fetch.mjs'), RECORD_FETCH);
  const started = performance.now();
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const [result, worldUrl, jobsUrl] = await Promise.all([
    run(process.execPath, [tsc, '-p', 'tsconfig.samples.json'], { cwd: app }).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    })),
    startCommand(app, children, 'sim', JOB_TIMINGS),
    startCommand(app, children, 'sim', [...JOB_TIMINGS, '--state', stateWithDocumentedJob()]),
  ]);
  typecheck = { ...result, seconds: (performance.now() - started) / 1000 };
  world = worldUrl;
  jobs = jobsUrl;
}, 120_000);

afterAll(() => {
  stopCommands(children);
});

const readOnly = (s: Sample) => s.op.method === 'get';

/**
 * The TypeScript snippets of both packages' READMEs, each a module of its own. They use a few values a user has (a token, a server
 * id…) without defining them: those are declared, with the types a user would give them.
 */
function readmeSnippets(): string[] {
  const prelude = 'declare const projectId: string, token: string, server_id: string, accessKey: string, secretKey: string;\nexport {};\n';
  const snippetsOf = (readme: string) => {
    const text = readFileSync(join(root, readme), 'utf8');
    return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => `${prelude}${m[1] ?? ''}`);
  };
  const snippets = snippetsOf('README.md');
  if (snippets.length < 3) throw new Error(`README.md has ${snippets.length} TypeScript snippets; expected the client's`);
  return [...snippets, ...snippetsOf('packages/hwc-openapi-dev/README.md')];
}

/** The simulator a sample runs against, reset first unless the sample only reads (no sample: a program that writes). */
async function simulatorFor(sample: Sample | undefined): Promise<string> {
  if (sample && readOnly(sample)) return jobs;
  const reset = await fetch(`${world}/__sim/reset`, { method: 'POST' });
  expect(reset.ok, 'POST /__sim/reset').toBe(true);
  return world;
}

/** The sample's exchange met its operation's documented success: a documented 2xx, with a body of its schema. */
function expectDocumentedSuccess(sample: Sample, status: number, body: string): void {
  const where = `${sample.op.operationId} answered ${status} ${body.slice(0, 300)}`;
  expect(
    sample.op.statuses.filter((s) => s >= 200 && s < 300),
    where,
  ).toContain(status);
  const { schemaPointer } = responseOf(sample.doc, sample.op, status) ?? {};
  if (!schemaPointer) {
    expect(body, where).toBe('');
    return;
  }
  expect(validatorAt(sample.service, schemaPointer)(JSON.parse(body)), where).toEqual([]);
}

/** Runs a compiled program of the samples project with the environment the README gives for the simulator. */
async function runAgainstSimulator(program: string): Promise<{ stdout: string; stderr: string }> {
  const reset = await fetch(`${world}/__sim/reset`, { method: 'POST' });
  expect(reset.ok, 'POST /__sim/reset').toBe(true);
  return run(process.execPath, [join(app, 'samples-out', program)], {
    cwd: app,
    env: { ...process.env, HWC_ENDPOINT: world, HWC_PROJECT_ID: fixture.servers[0]?.project_id ?? '', ...credentials },
    timeout: 60_000,
  });
}

describe('the README client example and the landing quick start, run as written', () => {
  it('README: changes the OS on the simulator and follows the job to its end', { timeout: 90_000 }, async () => {
    const index = readmeSnippets().findIndex((snippet) => snippet.includes('/changeos'));
    expect(index, 'the README has a change-OS example').toBeGreaterThanOrEqual(0);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('change-os.mts');
    const { stdout, stderr } = await runAgainstSimulator(`readme-${index + 1}.mjs`);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^OS changed at \d{4}-\d\d-\d\dT/m);
  });

  it('quick start: changes the OS on the simulator and follows the job to its end', { timeout: 90_000 }, async () => {
    const { stdout, stderr } = await runAgainstSimulator('quick-start.js');
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^OS changed on 95bf2490-5428-432c-ad9b-5e3406f869dd$/m);
  });
});

const pathPattern = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);

describe('the code samples of the published documents', () => {
  it('type-check under strict settings against the installed package, with the quick start and the README snippets', () => {
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) expect(s.typescript, s.op.operationId).toContain("from 'hwc-openapi'");
    expect(`${typecheck.stdout}${typecheck.stderr}`).toBe('');
    console.log(`samples: tsc type-checked and emitted ${samples.length + 4} programs in ${typecheck.seconds.toFixed(1)} s`);
  });

  it("the guide's write-then-read-back program reads back each write from the installed simulator", async () => {
    const url = await simulatorFor({ op: { method: 'post' } } as Sample); // a fresh world: it writes
    const compiled = readFileSync(join(app, 'samples-out', 'read-back.js'), 'utf8');
    const program = join(app, 'samples-out', 'read-back.sim.js');
    writeFileSync(program, compiled.replace(REGION_OPTION, `endpoint: '${url}',`));
    const { stdout, stderr } = await run(process.execPath, [program], {
      cwd: app,
      env: { ...process.env, ...credentials, HWC_PROJECT_ID: fixture.servers[0]?.project_id ?? '' },
      timeout: 60_000,
    });
    expect(stderr).toBe('');
    const image = fixture.images[0]?.id;
    expect(stdout.trim().split('\n')).toEqual([
      'after the update: team-a',
      'after the delete: gone',
      `after the OS change: image ${image}, status SHUTOFF, vm_state stopped`,
    ]);
  });

  it.each(Object.keys(GUIDE_PROGRAMS))('the guide program %s writes, reads it back and deletes against the simulator', async (name) => {
    const url = await simulatorFor(undefined);
    const compiled = readFileSync(join(app, 'samples-out', `${name}.js`), 'utf8');
    const program = join(app, 'samples-out', `${name}.sim.js`);
    writeFileSync(program, compiled.replace(REGION_OPTION, `endpoint: '${url}',`));
    const server = fixture.baremetal_servers[0] as { id: string; project_id: string; name: string };
    const provider = fixture.private_providers[0] as { name: string };
    const { stdout, stderr } = await run(process.execPath, [program], {
      cwd: app,
      env: { ...process.env, ...credentials, HWC_PROJECT_ID: server.project_id, HWC_BMS_SERVER_ID: server.id, HWC_PROVIDER_NAME: provider.name },
      timeout: 30_000,
    });
    expect(stderr).toBe('');
    if (name.includes('bms')) expect(stdout).toBe(`${server.name} is ACTIVE, metadata env=staging\ntags after the delete: none\n`);
    else expect(stdout).toMatch(new RegExp(`^${provider.name}: "reviewed", updated \\S+ \\(was 2024-03-01T08:00:00.000Z\\)\n$`));
  });

  describe.each(samples.map((s) => [s.name, s] as const))('%s', (operationId, sample) => {
    it('TypeScript: the program gets the documented success from the simulator', async () => {
      const url = await simulatorFor(sample);
      const compiled = readFileSync(join(app, 'samples-out', `${operationId}.js`), 'utf8');
      expect(compiled.split(REGION_OPTION).length - 1, 'the sample names its region once').toBe(1);
      const program = join(app, 'samples-out', `${operationId}.sim.js`);
      writeFileSync(program, compiled.replace(REGION_OPTION, `endpoint: '${url}',`));
      const log = join(app, `${operationId}.exchanges.jsonl`);
      appendFileSync(log, '');
      const { stdout, stderr } = await run(process.execPath, ['--import', './record-fetch.mjs', program], {
        cwd: app,
        env: { ...process.env, ...credentials, SAMPLE_LOG: log },
        timeout: 30_000,
      });
      expect(stderr).toBe('');
      const exchanges = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { method: string; url: string; status: number; body: string });
      const call = exchanges.find((e) => e.method === sample.op.method.toUpperCase() && pathPattern(sample.op.path).test(new URL(e.url).pathname));
      expect(call, `${operationId} was sent`).toBeDefined();
      if (call) expectDocumentedSuccess(sample, call.status, call.body);
      if (exampleRequest(sample.doc, sample.op, 'aksk').options.outcome === 'job') {
        // Followed to its end: the last poll found the job done, and the program says so.
        const last = exchanges.at(-1);
        expect(JSON.parse(last?.body ?? '{}').status).toBe('SUCCESS');
        expect(stdout).toMatch(/^job \S+: SUCCESS$/m);
      }
    });

    it('curl: the command gets the documented success from the simulator', async () => {
      const url = await simulatorFor(sample);
      expect(sample.curl.match(REGIONAL_HOST)?.length, 'the sample names its endpoint once').toBe(1);
      const { stdout } = await run('sh', ['-c', sample.curl.replace(REGIONAL_HOST, url)], {
        env: { PATH: process.env.PATH ?? '', HOME: app, NO_PROXY: '127.0.0.1', HWC_TOKEN: credentials.HWC_TOKEN },
        timeout: 30_000,
      });
      // curl -i: the status line and headers, an empty line, the body.
      const split = stdout.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(stdout)?.[1]);
      expectDocumentedSuccess(sample, status, split < 0 ? '' : stdout.slice(split + 4));
    });
  });
});
