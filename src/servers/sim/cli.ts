// `npm run sim -- [options]`: starts the simulator and keeps it running until Ctrl-C.
import { parseArgs } from 'node:util';
import { DEFAULT_FAULTS, DEFAULT_JOB_DURATIONS, type Faults, type JobDurations, SimulatorError, startSimulator } from './index.ts';

const HELP = `Usage: npm run sim -- [options]

Stateful simulator of the ECS, BMS and RFS operations in generated/openapi/*.json, on one port.

Options (each also read from the environment variable shown):
  --host <addr>          address to listen on (SIM_HOST, default 127.0.0.1; loopback only unless --allow-remote)
  --port <n>             port, 0 for a free one (SIM_PORT, default 4020)
  --fixture <file>       seed data and credentials (SIM_FIXTURE, default src/servers/sim/fixtures/default.json)
  --state <file>         keep the state in this file across restarts (SIM_STATE_FILE; default: memory only)
  --job-init-ms <n>      a change-OS job stays INIT this long (SIM_JOB_INIT_MS, default ${DEFAULT_JOB_DURATIONS.initMs})
  --job-stop-ms <n>      stop sub-job of mode withStopServer (SIM_JOB_STOP_MS, default ${DEFAULT_JOB_DURATIONS.stopMs})
  --job-run-ms <n>       change-OS sub-job (SIM_JOB_RUN_MS, default ${DEFAULT_JOB_DURATIONS.runMs})
  --latency-ms <n>       fault: delay every API response (SIM_LATENCY_MS, default 0)
  --rate-429 <0..1>      fault: share of requests refused by flow control, with Retry-After (SIM_RATE_429, default 0)
  --rate-5xx <0..1>      fault: share of requests answered 500 (SIM_RATE_5XX, default 0)
  --retry-after <s>      Retry-After of the flow-control refusals (SIM_RETRY_AFTER, default ${DEFAULT_FAULTS.retryAfterSeconds})
  --verbose              one line per request: method, path, status, time, request id (SIM_VERBOSE=1)
  --allow-remote         allow a non-loopback --host (the /__sim/ endpoints have no authentication)
  -h, --help             show this help

Extra credentials: SIM_TOKENS=tok1,tok2 and SIM_ACCESS_KEYS=AK1:SK1,AK2:SK2 (environment only, so they
do not show in the process list). Admin: GET /__sim/state, POST /__sim/reset, POST /__sim/jobs/advance[?ms=N].
See src/servers/sim/README.md.`;

function fail(message: string): never {
  process.stderr.write(`sim: ${message}\nRun with --help for usage.\n`);
  process.exit(2);
}

function number(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) fail(`${name} must be a number ≥ 0, got ${JSON.stringify(raw)}`);
  return value;
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        fixture: { type: 'string' },
        state: { type: 'string' },
        'job-init-ms': { type: 'string' },
        'job-stop-ms': { type: 'string' },
        'job-run-ms': { type: 'string' },
        'latency-ms': { type: 'string' },
        'rate-429': { type: 'string' },
        'rate-5xx': { type: 'string' },
        'retry-after': { type: 'string' },
        verbose: { type: 'boolean' },
        'allow-remote': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    return fail((err as Error).message);
  }
}
const { values } = parseOptions();
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

const env = process.env;
const flag = (name: keyof typeof values, envName: string): string | undefined => {
  const v = values[name];
  return typeof v === 'string' ? v : env[envName];
};
const port = number('--port', flag('port', 'SIM_PORT'), 4020);
if (!Number.isInteger(port) || port > 65535) fail(`--port must be an integer from 0 to 65535, got ${port}`);
const jobDurations: JobDurations = {
  initMs: number('--job-init-ms', flag('job-init-ms', 'SIM_JOB_INIT_MS'), DEFAULT_JOB_DURATIONS.initMs),
  stopMs: number('--job-stop-ms', flag('job-stop-ms', 'SIM_JOB_STOP_MS'), DEFAULT_JOB_DURATIONS.stopMs),
  runMs: number('--job-run-ms', flag('job-run-ms', 'SIM_JOB_RUN_MS'), DEFAULT_JOB_DURATIONS.runMs),
};
const faults: Faults = {
  latencyMs: number('--latency-ms', flag('latency-ms', 'SIM_LATENCY_MS'), DEFAULT_FAULTS.latencyMs),
  rate429: number('--rate-429', flag('rate-429', 'SIM_RATE_429'), DEFAULT_FAULTS.rate429),
  rate5xx: number('--rate-5xx', flag('rate-5xx', 'SIM_RATE_5XX'), DEFAULT_FAULTS.rate5xx),
  retryAfterSeconds: number('--retry-after', flag('retry-after', 'SIM_RETRY_AFTER'), DEFAULT_FAULTS.retryAfterSeconds),
};
const list = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const accessKeys = list(env.SIM_ACCESS_KEYS).map((pair, i) => {
  const at = pair.indexOf(':');
  if (at <= 0 || at === pair.length - 1) fail(`SIM_ACCESS_KEYS entry ${i + 1} must be AK:SK`); // never echo the pair: it holds a secret
  return { access_key: pair.slice(0, at), secret_key: pair.slice(at + 1) };
});
const verbose = values.verbose === true || env.SIM_VERBOSE === '1' || env.SIM_VERBOSE === 'true';
const stateFile = flag('state', 'SIM_STATE_FILE');
const fixture = flag('fixture', 'SIM_FIXTURE');

try {
  const sim = await startSimulator({
    host: flag('host', 'SIM_HOST'),
    port,
    fixture,
    stateFile,
    jobDurations,
    faults,
    credentials: { tokens: list(env.SIM_TOKENS), access_keys: accessKeys },
    log: verbose ? (line) => process.stdout.write(`${line}\n`) : undefined,
    allowRemote: values['allow-remote'] === true,
  });
  const active = Object.entries(faults).filter(([k, v]) => k !== 'retryAfterSeconds' && v > 0);
  process.stdout.write(
    `hwc-openapi simulator on ${sim.url}\n` +
      `  fixture: ${fixture ?? 'src/servers/sim/fixtures/default.json'}; state: ${stateFile ?? 'in memory only'}\n` +
      (active.length ? `  faults: ${active.map(([k, v]) => `${k}=${v}`).join(', ')}\n` : '') +
      `  admin: ${sim.url}/__sim/state · POST ${sim.url}/__sim/reset · Ctrl-C to stop\n`,
  );
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  if (err instanceof SimulatorError) {
    process.stderr.write(`sim: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
