// esbuild bundles of what users write: an entry file placed in an installed project, so that package names
// resolve the way they do for a user of that project.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

export interface Bundle {
  file: string;
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

export interface BundleOptions {
  /** The installed project the entry is resolved from. */
  project: string;
  name: string;
  source: string;
  minify: boolean;
  outDir: string;
  /** Package name → file, to bundle the source instead of the installed build (for a breakdown by module). */
  alias?: Record<string, string>;
}

/** Bundles an ES module program for Node (format esm, es2022), as `esbuild --bundle [--minify]`, gzip -9 measured. */
export async function bundle({ project, name, source, minify, outDir, alias }: BundleOptions): Promise<Bundle> {
  const entry = join(project, `${name}.entry.mjs`);
  writeFileSync(entry, source);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.${minify ? 'min.' : ''}mjs`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    outfile: file,
    logLevel: 'silent',
    metafile: true,
    ...(alias ? { alias } : {}),
    // The official SDK is CommonJS and requires Node built-ins, which an ES module bundle can only do with a
    // `require` of its own; our package needs none, so the banner costs it nothing but bytes shared by both.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const code = readFileSync(file);
  return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, metafile: result.metafile };
}

/** Minified bytes per module of a bundle, largest first: a package's name, or the file (relative to the cwd). */
export function byModule(bundled: Bundle): Array<{ module: string; bytes: number }> {
  const output = Object.values(bundled.metafile.outputs)[0];
  const sizes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    const module = inPackage ?? (input.endsWith('.entry.mjs') ? 'the program itself' : input);
    sizes.set(module, (sizes.get(module) ?? 0) + bytesInOutput);
  }
  return [...sizes].map(([module, bytes]) => ({ module, bytes })).sort((a, b) => b.bytes - a.bytes);
}
