#!/usr/bin/env node
/**
 * `hwc-openapi <command> [options]`: the one entry point of the servers and the docs builder. The npm scripts are
 * aliases (`npm run mock` is `node --import tsx src/cli/main.ts mock`): node runs this process directly, so
 * Ctrl-C reaches the server itself, with no relay in between. A command's module is loaded only when it runs, so
 * that `mock` does not load the simulator, nor `sim` Prism.
 */
import { editDistance } from '../openapi/violations.ts';
import { type Command, commandsHelp, helpText, UsageError } from './args.ts';

/** What each command does, for the list `hwc-openapi --help` prints without loading any command. */
const SUMMARIES = {
  start: 'build the docs portal, serve it, and run the mock beside it (npm start)',
  mock: 'mock every API of the documents (ECS, BMS, RFS) on one port (npm run mock)',
  proxy: 'check a real or simulated service against the documents, in both directions (npm run mock:proxy)',
  sim: 'run the stateful simulator of the ECS, BMS and RFS operations (npm run sim)',
  docs: 'build the offline docs portal, and serve it with --serve (npm run docs)',
};
type CommandName = keyof typeof SUMMARIES;

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
    const again = script !== undefined && script !== 'npx' ? command.spec.npm : `hwc-openapi ${command.spec.name}`;
    console.error(`${command.spec.name}: ${error.message}\nRun \`${again} --help\` for usage.`);
    process.exit(2);
  }
}

await main(process.argv.slice(2));
