// `npm run bench [-- [--all] [section ...]]`: see bench.ts, or `npm run bench -- --help`.
import { main } from './bench.ts';

process.exitCode = await main(process.argv.slice(2));
