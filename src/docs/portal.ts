/**
 * The docs portal a command serves or writes. The installed command package ships the portal prebuilt (its
 * `assets/docs/`, made when the package is built), so users need no Redocly; in this repository it is built from
 * the documents on the spot.
 */
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { locateAsset } from '../openapi/load.ts';
import { defaultOutDir } from './out-dir.ts';

export { defaultOutDir } from './out-dir.ts';

/** The prebuilt portal of the installed package, if this is one. */
export function prebuiltPortal(): string | undefined {
  try {
    const dir = locateAsset(['./assets/docs/', '../assets/docs/'], import.meta.url);
    return existsSync(`${dir}/index.html`) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The portal `start --no-build` serves: the directory given, else the prebuilt one, else generated/docs. */
export function servedPortalDir(dir?: string): string {
  return resolve(dir ?? prebuiltPortal() ?? defaultOutDir);
}

export interface PortalOptions {
  /** Where the portal should be; default: the prebuilt one in place, or generated/docs in the repository. */
  outDir?: string | undefined;
  log?: (line: string) => void;
  /** In the repository: keep a portal built from unchanged inputs (buildDocs' `reuse`). */
  reuse?: boolean;
}

/** Makes the portal available and returns its directory: copies the prebuilt one, or builds it. */
export async function preparePortal({ outDir, log = console.log, reuse = false }: PortalOptions = {}): Promise<string> {
  const prebuilt = prebuiltPortal();
  if (prebuilt) {
    if (outDir === undefined) return prebuilt;
    const target = resolve(outDir);
    mkdirSync(target, { recursive: true });
    cpSync(prebuilt, target, { recursive: true });
    log(`docs: wrote the portal to ${target}`);
    return target;
  }
  const { buildDocs } = await import('./build.ts');
  return (await buildDocs({ ...(outDir === undefined ? {} : { outDir }), log, reuse })).outDir;
}
