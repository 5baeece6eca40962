// `npm run mock`: ECS, BMS and RFS mocked from the bundled documents on one port (default http://127.0.0.1:4010),
// with Prism validating every request. `npm run mock -- --help` for options.
import { main } from '../src/servers/cli/mock.mjs';

await main('mock');
