// Files of the docs builder: the ones it reads at build time (landing.css, redoc-template.hbs), which sit beside
// this code in the source tree and, in a built package, in `assets/docs/` next to its bundle or one level up; and
// the content-hashed scripts it writes into the portal.
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateAsset } from '../openapi/load.ts';

export function docsAsset(name: string): string {
  return locateAsset([`./${name}`, `./assets/docs/${name}`, `../assets/docs/${name}`], import.meta.url);
}

/**
 * Writes a script (or, with `ext`, another file) into the portal as `<stem>.<hash of its content>.<ext>` (`stem`
 * a plain word, such as `redoc`), removing the copies earlier builds left there; returns its file name.
 */
export function writeHashed(outDir: string, stem: string, code: string, ext: 'js' | 'css' = 'js'): string {
  const name = `${stem}.${createHash('sha256').update(code).digest('hex').slice(0, 12)}.${ext}`;
  const copy = new RegExp(`^${stem}\\.[0-9a-f]+\\.${ext}$`);
  for (const old of readdirSync(outDir).filter((file) => copy.test(file) && file !== name)) rmSync(join(outDir, old));
  writeFileSync(join(outDir, name), code);
  return name;
}
