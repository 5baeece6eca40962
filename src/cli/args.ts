/**
 * The one argument parser and help format of the `hwc-openapi` commands (start, mock, proxy, sim, docs).
 * A command describes its options once; parsing (node:util parseArgs underneath, so `--no-<flag>` and `-p 80`
 * work everywhere) and the help text both come from that description.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The option may be given several times (string options only): its value is a list. */
  multiple?: boolean;
  /** The value's placeholder in the help, e.g. `<n>`. */
  value?: string;
  /** Shown as `--no-<name>` in the help: a boolean that is on unless turned off. */
  negated?: boolean;
  /** What it does; a `\n` starts a new line in the same column. */
  help: string;
}

/** --cors-origin, for every server a browser page may call. */
export const CORS_ORIGIN_OPTION = {
  type: 'string',
  multiple: true,
  value: '<origin>',
  help: 'also allow browser pages of this origin (e.g. https://app.example.com); repeat for several.\nLoopback origins (http://localhost:*, http://127.0.0.1:*) are always allowed, others refused',
} as const;
/** --allowed-host: the shared layer answers loopback Host names and the --host address only. */
export const ALLOWED_HOST_OPTION = {
  type: 'string',
  multiple: true,
  value: '<name>',
  help: 'also answer requests addressed to this host name (e.g. dev.example.com); repeat for several.\nLoopback names and the --host address are always answered, others refused (DNS rebinding)',
} as const;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/**
 * Whether this process runs the repository's sources (the npm scripts run main.ts with tsx), not the built command
 * that ships: only then do the help texts name the npm scripts, which an installed command's user does not have.
 */
export const FROM_SOURCES = import.meta.url.endsWith('.ts');

export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  /** `mock`: the word after `hwc-openapi`. */
  name: string;
  /** How it runs from the repository: `npm run mock --`. */
  npm: string;
  /** What follows the command in the usage line: `[options]`, `<upstream-url> [options]`. */
  usage: string;
  description: string;
  options: O;
  /** How many positional arguments it takes (default none). */
  positionals?: { min: number; max: number; name: string };
  /** Text after the options (examples, environment variables). */
  footer?: string;
}

/** The values of a parse: a string, a list of strings or a boolean per option, undefined when not given. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string;
};

/** A command line the user can fix: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Parsed<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
  help: boolean;
}

/** Parses `argv` (the arguments after the command name) against the command's options. */
export function parseCommand<O extends OptionSpecs>(spec: CommandSpec<O>, argv: readonly string[]): Parsed<O> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  }
  let parsed: { values: Record<string, string | boolean | Array<string | boolean> | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true, allowNegative: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const help = parsed.values.help === true;
  const { min, max, name } = spec.positionals ?? { min: 0, max: 0, name: 'argument' };
  if (!help && parsed.positionals.length > max) {
    throw new UsageError(max === 0 ? `unexpected argument "${parsed.positionals[max]}"` : `too many arguments: give at most ${max} ${name}`);
  }
  if (!help && parsed.positionals.length < min) throw new UsageError(`give ${min === max ? 'exactly' : 'at least'} ${min} ${name}`);
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(spec.options)) values[key] = parsed.values[key];
  return { values: values as OptionValues<O>, positionals: parsed.positionals, help };
}

export interface Command {
  spec: CommandSpec;
  run(argv: readonly string[]): Promise<void>;
}

/** A command: its options, and what it does with them once parsed; `--help` prints its help instead. */
export function command<O extends OptionSpecs>(spec: CommandSpec<O>, run: (parsed: Parsed<O>) => Promise<void>): Command {
  return {
    spec,
    run: async (argv) => {
      const parsed = parseCommand(spec, argv);
      if (parsed.help) console.log(helpText(spec));
      else await run(parsed);
    },
  };
}

const COLUMN_MIN = 24;

/** The help of a command: usage, description, options in two columns, footer. */
export function helpText(spec: CommandSpec): string {
  const rows: Array<[string, string]> = Object.entries(spec.options).map(([name, option]) => {
    const flag = `--${option.negated ? 'no-' : ''}${name}${option.value ? ` ${option.value}` : ''}`;
    return [option.short ? `-${option.short}, ${flag}` : `    ${flag}`, option.help];
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(COLUMN_MIN, ...rows.map(([left]) => left.length + 2));
  const lines = rows.map(([left, help]) => `  ${left.padEnd(width)}${help.split('\n').join(`\n  ${' '.repeat(width)}`)}`);
  return [
    `Usage: hwc-openapi ${spec.name} ${spec.usage}`,
    ...(FROM_SOURCES ? [`       ${spec.npm} ${spec.usage}   (in a clone of the hwc-openapi repository)`] : []),
    '',
    spec.description,
    '',
    'Options:',
    ...lines,
    ...(spec.footer ? ['', spec.footer] : []),
  ].join('\n');
}

/** The list of commands, for `hwc-openapi --help` and an unknown command. */
export function commandsHelp(specs: ReadonlyArray<{ name: string; summary: string }>): string {
  const options: Array<[string, string]> = [
    ['-v, --version', 'print the version of hwc-openapi-dev'],
    ['-h, --help', 'show this help'],
  ];
  const width = Math.max(...specs.map((s) => s.name.length), ...options.map(([flag]) => flag.length)) + 3;
  return [
    'Usage: hwc-openapi <command> [options]',
    '',
    'Commands:',
    ...specs.map((s) => `  ${s.name.padEnd(width)}${s.summary}`),
    '',
    'Options:',
    ...options.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`),
    '',
    'Run `hwc-openapi <command> --help` for the options of a command.',
    ...(FROM_SOURCES
      ? ['From this repository the npm scripts run them: npm start, npm run mock, npm run mock:proxy, npm run sim,', 'npm run docs (options after `--`).']
      : []),
  ].join('\n');
}

/** A whole number in [min, max] from an option or environment variable; `what` names where it came from. */
export function integerValue(text: string, what: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${what} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

/** A number in [min, max] (decimals allowed): rates, durations. */
export function numberValue(text: string, what: string, min: number, max = Number.POSITIVE_INFINITY): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`${what} must be a number ${range}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * A setting from its option, else its environment variable (empty counts as unset), else the default; `what`
 * names where it came from, for messages (`--port`, `MOCK_PORT`).
 */
export function setting(value: string | undefined, flag: string, env: string | undefined, fallback: string): { text: string; what: string } {
  if (value !== undefined) return { text: value, what: flag };
  const fromEnvironment = env === undefined ? undefined : process.env[env];
  if (env !== undefined && fromEnvironment !== undefined && fromEnvironment !== '') return { text: fromEnvironment, what: env };
  return { text: fallback, what: flag };
}

/** A port (0 picks a free one) from its option, environment variable or default. */
export function portSetting(value: string | undefined, flag: string, env: string | undefined, fallback: number): number {
  const { text, what } = setting(value, flag, env, String(fallback));
  return integerValue(text, what, 0, 65535);
}
