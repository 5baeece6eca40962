#!/usr/bin/env node
/**
 * `hwc-openapi <command> [options]`: the one entry point of the servers and the docs builder. The npm scripts are
 * aliases (`npm run mock` is `node --import tsx src/cli/main.ts mock`): node runs this process directly, so
 * Ctrl-C reaches the server itself, with no relay in between. A command's module is loaded only when it runs, so
 * that `mock` does not load the simulator, nor `sim` Prism.
 */
import { readFileSync } from 'node:fs';
import { editDistance } from '../openapi/violations.ts';
import { type Command, commandsHelp, FROM_SOURCES, helpText, UsageError } from './args.ts';

/** The npm script of each command, named in the list only when it runs from the repository's sources. */
const npmScript = (name: string) => (FROM_SOURCES ? ` (${name})` : '');

/** What each command does, for the list `hwc-openapi --help` prints without loading any command. */
const SUMMARIES = {
  start: FROM_SOURCES
    ? `build the docs portal, serve it, and run the mock beside it${npmScript('npm start')}`
    : 'serve the docs portal this package ships, and run the mock beside it',
  mock: `mock every API of the documents (ECS, BMS, RFS) on one port${npmScript('npm run mock')}`,
  proxy: `check a real or simulated service against the documents, in both directions${npmScript('npm run mock:proxy')}`,
  sim: `run the stateful simulator of the ECS, BMS and RFS operations${npmScript('npm run sim')}`,
  docs: FROM_SOURCES
    ? `build the offline docs portal, and serve it with --serve${npmScript('npm run docs')}`
    : 'write the offline docs portal this package ships, or serve it with --serve',
};
type CommandName = keyof typeof SUMMARIES;

/**
 * The version of the command package: its package.json is next to dist/ once built or installed, and in
 * packages/hwc-openapi-dev/ for the sources.
 */
function version(): string {
  for (const path of ['../package.json', '../../packages/hwc-openapi-dev/package.json']) {
    try {
      return String((JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version: unknown }).version);
    } catch {
      // Not this layout: try the next.
    }
  }
  return 'unknown';
}

/** Each command's module, loaded only when it runs. */
const LOADERS: Record<CommandName, () => Promise<Command>> = {
  start: () => import('./start.ts').then((m) => m.startCommand),
  mock: () => import('./mock.ts').then((m) => m.mockCommand),
  proxy: () => import('./mock.ts').then((m) => m.proxyCommand),
  sim: () => import('./sim.ts').then((m) => m.simCommand),
  docs: () => import('./docs.ts').then((m) => m.docsCommand),
};

const isCommand = (name: string | undefined): name is CommandName => name !== undefined && Object.hasOwn(SUMMARIES, name);
const list = Object.entries(SUMMARIES).map(([name, summary]) => ({ name, summary }));

async function main(argv: readonly string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    console.log(`hwc-openapi-dev ${version()}`);
    return;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    console.log(isCommand(topic) ? helpText((await LOADERS[topic]()).spec) : commandsHelp(list));
    // No command at all is a usage error, even though the help is what it prints.
    if (name === undefined) process.exitCode = 2;
    return;
  }
  if (!isCommand(name)) {
    const near = Object.keys(SUMMARIES).filter((known) => editDistance(known, name) <= 2);
    const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
    console.error(`hwc-openapi: unknown command "${name}".${hint}\n\n${commandsHelp(list)}`);
    process.exit(2);
  }
  const command = await LOADERS[name]();
  try {
    await command.run(rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // npm sets npm_lifecycle_event to the script's name (`npm run sim`), or to `npx` for the installed command.
    const script = process.env['npm_lifecycle_event'];
    const again = FROM_SOURCES && script !== undefined && script !== 'npx' ? command.spec.npm : `hwc-openapi ${command.spec.name}`;
    console.error(`${command.spec.name}: ${error.message}\nRun \`${again} --help\` for usage.`);
    process.exit(2);
  }
}

await main(process.argv.slice(2));
