// `npm run build`: both packages (tsdown.config.ts), then the command package's assets: the bundled documents, the
// simulator's default fixture and the prebuilt docs portal, which its code finds beside it (locateAsset).
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { build } from 'tsdown';
import { buildDocs } from '../src/docs/build.ts';

const dev = 'packages/hwc-openapi-dev';
const assets = `${dev}/dist/assets`;
const started = performance.now();

console.log('build: bundling the client (dist/) and the command (packages/hwc-openapi-dev/dist/) with tsdown…');
// Its three builds (tsdown.config.ts) share the directory, so none of them cleans it: it is emptied here.
rmSync(`${dev}/dist`, { recursive: true, force: true });
await build({ logLevel: 'warn' });
rmSync(assets, { recursive: true, force: true });
mkdirSync(`${assets}/fixtures`, { recursive: true });
cpSync('generated/openapi', `${assets}/openapi`, { recursive: true });
copyFileSync('src/servers/sim/fixtures/default.json', `${assets}/fixtures/default.json`);
copyFileSync('LICENSE', `${dev}/LICENSE`);
await buildDocs({ outDir: `${assets}/docs`, log: (line) => console.log(`build: ${line}`) });
console.log(`build: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
