/**
 * `hwc-openapi sim` (npm run sim): starts the stateful simulator and keeps it running until Ctrl-C, which saves the
 * state file (when there is one) before the process exits.
 */
import { readFileSync } from 'node:fs';
import { listenWarning, MAX_TIMER_MS } from '../servers/http.ts';
import {
  DEFAULT_FAULTS,
  DEFAULT_JOB_DURATIONS,
  defaultFixturePath,
  type Fixture,
  MAX_RETRY_AFTER_SECONDS,
  type Simulator,
  SimulatorError,
  startSimulator,
} from '../servers/sim/index.ts';
import {
  ALLOWED_HOST_OPTION,
  CORS_ORIGIN_OPTION,
  type CommandSpec,
  command,
  numberValue,
  type parseCommand,
  portSetting,
  setting,
  UsageError,
} from './args.ts';
import { onStop } from './lifecycle.ts';

export const simSpec = {
  name: 'sim',
  npm: 'npm run sim --',
  usage: '[options]',
  description:
    'Stateful simulator of the ECS, BMS and RFS operations of the bundled documents, on one port.\nEach option is also read from the environment variable shown.',
  options: {
    host: { type: 'string', value: '<addr>', help: 'address to listen on (SIM_HOST, default 127.0.0.1; loopback only unless --allow-remote)' },
    port: { type: 'string', value: '<n>', help: 'port, 0 for a free one (SIM_PORT, default 4020)' },
    fixture: {
      type: 'string',
      value: '<file>',
      help: 'seed data and credentials (SIM_FIXTURE, default: the built-in fixture, whose path is printed at start: copy it to make your own)',
    },
    state: { type: 'string', value: '<file>', help: 'keep the state in this file across restarts (SIM_STATE_FILE; default: memory only)' },
    'job-init-ms': { type: 'string', value: '<n>', help: `a change-OS job stays INIT this long (SIM_JOB_INIT_MS, default ${DEFAULT_JOB_DURATIONS.initMs})` },
    'job-stop-ms': { type: 'string', value: '<n>', help: `stop sub-job of mode withStopServer (SIM_JOB_STOP_MS, default ${DEFAULT_JOB_DURATIONS.stopMs})` },
    'job-run-ms': { type: 'string', value: '<n>', help: `change-OS sub-job (SIM_JOB_RUN_MS, default ${DEFAULT_JOB_DURATIONS.runMs})` },
    'latency-ms': { type: 'string', value: '<n>', help: 'fault: delay every API response (SIM_LATENCY_MS, default 0)' },
    'rate-429': { type: 'string', value: '<0..1>', help: 'fault: share of requests refused by flow control, with Retry-After (SIM_RATE_429, default 0)' },
    'rate-5xx': { type: 'string', value: '<0..1>', help: 'fault: share of requests answered 500 (SIM_RATE_5XX, default 0)' },
    'retry-after': {
      type: 'string',
      value: '<s>',
      help: `Retry-After of the flow-control refusals (SIM_RETRY_AFTER, default ${DEFAULT_FAULTS.retryAfterSeconds})`,
    },
    verbose: { type: 'boolean', help: 'one line per request: method, path, status, time, request id (SIM_VERBOSE=1)' },
    'allow-remote': { type: 'boolean', help: 'allow a non-loopback --host (the /__sim/ endpoints have no authentication)' },
    'allowed-host': ALLOWED_HOST_OPTION,
    'cors-origin': CORS_ORIGIN_OPTION,
  },
  footer: `Extra credentials: SIM_TOKENS=tok1,tok2 and SIM_ACCESS_KEYS=AK1:SK1,AK2:SK2 (environment only, so they
do not show in the process list). Admin: GET /__sim/state, POST /__sim/reset, POST /__sim/jobs/advance[?ms=N].
The fixture format, admin endpoints and durability guarantee: the README of hwc-openapi-dev.`,
} as const satisfies CommandSpec;

type Values = ReturnType<typeof parseCommand<typeof simSpec.options>>['values'];

/** A number option (or its variable) ≥ 0, at most `max`; undefined when neither is set. */
function numberOf(values: Values, name: keyof Values & string, env: string, max?: number): number | undefined {
  const raw = values[name];
  const { text, what } = setting(typeof raw === 'string' ? raw : undefined, `--${name}`, env, '');
  return text === '' ? undefined : numberValue(text, what, 0, max);
}

const list = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function accessKeys(): Array<{ access_key: string; secret_key: string }> {
  return list(process.env.SIM_ACCESS_KEYS).map((pair, i) => {
    const at = pair.indexOf(':');
    // Never echo the pair: it holds a secret.
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`SIM_ACCESS_KEYS entry ${i + 1} must be AK:SK`);
    return { access_key: pair.slice(0, at), secret_key: pair.slice(at + 1) };
  });
}

/**
 * The banner line with the default fixture's credentials and project, so that a first call needs no digging: they
 * are published in the package, for local development only. Credentials of your own fixture or of the
 * environment are never printed.
 */
function defaultCredentialsLine(): string {
  const { credentials, servers } = JSON.parse(readFileSync(defaultFixturePath(), 'utf8')) as Fixture;
  const key = credentials.access_keys[0];
  return (
    `  default credentials (local development only): token ${credentials.tokens[0] ?? '-'} · ` +
    `AK ${key?.access_key ?? '-'} SK ${key?.secret_key ?? '-'} · project ${servers[0]?.project_id ?? '-'}\n`
  );
}

/** Drops the settings that were not given, so that the simulator's defaults apply. */
function given<T extends Record<string, number | undefined>>(value: T): { [K in keyof T]?: number } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: number };
}

export const simCommand = command(simSpec, async ({ values }) => {
  const port = portSetting(values.port, '--port', 'SIM_PORT', 4020);
  // Durations become timers: beyond setTimeout's limit they would fire at once, or break the job clock.
  const jobDurations = given({
    initMs: numberOf(values, 'job-init-ms', 'SIM_JOB_INIT_MS', MAX_TIMER_MS),
    stopMs: numberOf(values, 'job-stop-ms', 'SIM_JOB_STOP_MS', MAX_TIMER_MS),
    runMs: numberOf(values, 'job-run-ms', 'SIM_JOB_RUN_MS', MAX_TIMER_MS),
  });
  const faults = given({
    latencyMs: numberOf(values, 'latency-ms', 'SIM_LATENCY_MS', MAX_TIMER_MS),
    // The rates' upper bound (1) is the simulator's own check, which names the setting.
    rate429: numberOf(values, 'rate-429', 'SIM_RATE_429'),
    rate5xx: numberOf(values, 'rate-5xx', 'SIM_RATE_5XX'),
    retryAfterSeconds: numberOf(values, 'retry-after', 'SIM_RETRY_AFTER', MAX_RETRY_AFTER_SECONDS),
  });
  const verbose = values.verbose === true || process.env.SIM_VERBOSE === '1' || process.env.SIM_VERBOSE === 'true';
  const stateFile = setting(values.state, '--state', 'SIM_STATE_FILE', '').text || undefined;
  const fixture = setting(values.fixture, '--fixture', 'SIM_FIXTURE', '').text || undefined;
  const host = setting(values.host, '--host', 'SIM_HOST', '').text || undefined;
  const credentials = { tokens: list(process.env.SIM_TOKENS), access_keys: accessKeys() };

  let sim: Simulator | undefined;
  onStop('sim', async () => {
    await sim?.close();
  });
  try {
    sim = await startSimulator({
      host,
      port,
      fixture,
      stateFile,
      jobDurations,
      faults,
      credentials,
      log: verbose ? (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`) : undefined,
      allowRemote: values['allow-remote'] === true,
      allowedHosts: values['allowed-host'] ?? [],
      corsOrigins: values['cors-origin'] ?? [],
    });
  } catch (error) {
    if (!(error instanceof SimulatorError)) throw error;
    console.error(`sim: ${error.message}`);
    process.exit(1);
  }
  const active = Object.entries(faults).filter(([k, v]) => k !== 'retryAfterSeconds' && v !== undefined && v > 0);
  process.stdout.write(
    `hwc-openapi simulator on ${sim.url}\n` +
      `  fixture: ${fixture ?? `${defaultFixturePath()} (the default)`}; state: ${stateFile ?? 'in memory only'}\n` +
      (fixture === undefined ? defaultCredentialsLine() : '') +
      (active.length ? `  faults: ${active.map(([k, v]) => `${k}=${v}`).join(', ')}\n` : '') +
      `  admin: ${sim.url}/__sim/state · POST ${sim.url}/__sim/reset · Ctrl-C to stop\n`,
  );
  const warning = listenWarning('sim', sim.host);
  if (warning) console.warn(warning);
});
