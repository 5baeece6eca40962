// What users get, installed outside the repository: our two packed packages (built first when stale, then
// `npm pack --ignore-scripts` and installed --prefer-offline, exactly as test/package does it, by its code), and
// the official ECS SDK from the registry at the versions this repository pins.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Consumer, installConsumer, pinnedVersion } from '../../test/package/global-setup.ts';
import { progress } from './report.ts';

const run = promisify(execFile);

export interface Installed extends Consumer {
  /** A project with @huaweicloud/huaweicloud-sdk-ecs, -core and uuid installed. */
  sdk: string;
  /** `node <bin>` runs the installed `hwc-openapi` command. */
  bin: string;
  /** The built docs portal inside the installed command package. */
  portal: string;
  versions: { sdkEcs: string; sdkCore: string; uuid: string };
}

function pinnedVersions(): Installed['versions'] {
  return {
    sdkEcs: pinnedVersion('@huaweicloud/huaweicloud-sdk-ecs'),
    sdkCore: pinnedVersion('@huaweicloud/huaweicloud-sdk-core'),
    uuid: pinnedVersion('uuid'),
  };
}

async function installSdk(dir: string, versions: Installed['versions']): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'sdk-user', private: true }, null, 2)}\n`);
  // The SDK's core requires `uuid` without declaring it, so its users install it themselves, as this repository does.
  const packages = [`@huaweicloud/huaweicloud-sdk-ecs@${versions.sdkEcs}`, `@huaweicloud/huaweicloud-sdk-core@${versions.sdkCore}`, `uuid@${versions.uuid}`];
  await run('npm', ['install', ...packages, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, maxBuffer: 16 << 20 });
}

let installing: Promise<Installed> | undefined;

/** Installs once per run; every section that needs the packages waits for the same install. */
export function installed(work: string): Promise<Installed> {
  installing ??= (async () => {
    const started = performance.now();
    progress('installing: npm run build when stale, npm pack both packages, install them and the official SDK outside the repository');
    const versions = pinnedVersions();
    const [consumer] = await Promise.all([installConsumer(work), installSdk(join(work, 'sdk'), versions)]);
    progress(`installed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const command = join(consumer.app, 'node_modules/hwc-openapi-dev');
    return { ...consumer, sdk: join(work, 'sdk'), bin: join(command, 'dist/cli.js'), portal: join(command, 'dist/assets/docs'), versions };
  })();
  return installing;
}
