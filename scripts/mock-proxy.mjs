// `npm run mock:proxy -- <upstream-url>`: Prism's proxy with `--errors` for all three documents on one port, to check a
// real or simulated service against the documents. `npm run mock:proxy -- --help` for options.
import { main } from '../src/servers/cli/mock.mjs';

await main('proxy');
