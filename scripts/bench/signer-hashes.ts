// Issue 19: SHA-256/HMAC in src/signer.ts (plain TypeScript) against node:crypto, WebCrypto and @noble/hashes,
// by measurement. Times signing and verifying one typical request (UpdateServerMetadata: three signed headers, a
// 28-byte body; and the same with a 4 KiB body), each hash source taken alternately round by round (method.ts),
// and gives the bundle bytes each one costs a program that signs. The other sources run the same steps as
// signHeaders, built from the signer's own exported parts; only the hashing differs, and every signature is checked
// against signHeaders' own before timing.
//   npx tsx scripts/bench/signer-hashes.ts [directory where @noble/hashes is installed]
import { createHash, createHmac, webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { canonicalRequest, checkSignatureHeaders, formatSdkDate, signHeaders, verifySignature } from '../../src/signer.ts';
import { alternate, median } from './method.ts';
import { UPDATE_METADATA } from './processes.ts';

const root = join(import.meta.dirname, '../..');
const nobleDir = process.argv[2];
const credentials = { accessKey: 'SIMACCESSKEYEXAMPLE01', secretKey: 'sim-secret-key-for-local-development-only' };
const url = `http://127.0.0.1:8080${UPDATE_METADATA.path}`;
const ALGORITHM = 'SDK-HMAC-SHA256';
const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const encoder = new TextEncoder();

/** A hash source: SHA-256 of a text and HMAC-SHA256 of a text, both as hex. */
interface Hashes {
  sha256(text: string): string | Promise<string>;
  hmac(secret: string, text: string): string | Promise<string>;
}

const nodeHashes: Hashes = {
  sha256: (text) => createHash('sha256').update(text).digest('hex'),
  hmac: (secret, text) => createHmac('sha256', secret).update(text).digest('hex'),
};

// WebCrypto: the key imported once per secret (what a signer would cache), every digest and MAC an async job.
const keys = new Map<string, Promise<webcrypto.CryptoKey>>();
const webHashes: Hashes = {
  sha256: async (text) => hexOf(new Uint8Array(await webcrypto.subtle.digest('SHA-256', encoder.encode(text)))),
  hmac: async (secret, text) => {
    let key = keys.get(secret);
    if (!key) {
      key = webcrypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      keys.set(secret, key);
    }
    return hexOf(new Uint8Array(await webcrypto.subtle.sign('HMAC', await key, encoder.encode(text))));
  },
};

async function nobleHashes(dir: string): Promise<Hashes> {
  const require = createRequire(join(dir, 'package.json'));
  const { sha256 } = (await import(require.resolve('@noble/hashes/sha2.js'))) as { sha256: (m: Uint8Array) => Uint8Array };
  const { hmac } = (await import(require.resolve('@noble/hashes/hmac.js'))) as { hmac: (h: unknown, k: Uint8Array, m: Uint8Array) => Uint8Array };
  return {
    sha256: (text) => hexOf(sha256(encoder.encode(text))),
    hmac: (secret, text) => hexOf(hmac(sha256, encoder.encode(secret), encoder.encode(text))),
  };
}

/** signHeaders' steps (sdk date, every header signed plus host, canonical request, string to sign) with `hashes`. */
async function signWith(hashes: Hashes, body: string, date: Date): Promise<Headers> {
  const headers = new Headers({ 'content-type': 'application/json' });
  const target = new URL(url);
  const sdkDate = formatSdkDate(date);
  headers.set('X-Sdk-Date', sdkDate);
  const values = new Map<string, string>().set('host', target.host);
  headers.forEach((value, name) => {
    values.set(name, value);
  });
  const signed = [...values.keys()].sort();
  const canonical = canonicalRequest('POST', target, values, signed, await hashes.sha256(body));
  const mac = await hashes.hmac(credentials.secretKey, `${ALGORITHM}\n${sdkDate}\n${await hashes.sha256(canonical)}`);
  headers.set('Authorization', `${ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signed.join(';')}, Signature=${mac}`);
  return headers;
}

/** verifySignature's steps with `hashes`: the header checks (the signer's own), then the signature recomputed. */
async function verifyWith(hashes: Hashes, headers: Headers, body: string): Promise<boolean> {
  const req = { method: 'POST', url, headers, body };
  if (!checkSignatureHeaders(req, () => credentials.secretKey).ok) return false;
  const copy = new Headers(headers);
  const auth = /SignedHeaders=([^,]+), Signature=(\w+)/.exec(copy.get('authorization') ?? '');
  const signed = (auth?.[1] ?? '').split(';');
  const target = new URL(url);
  const values = { get: (name: string) => copy.get(name) ?? (name === 'host' ? target.host : null) };
  const canonical = canonicalRequest('POST', target, values, signed, await hashes.sha256(body));
  const mac = await hashes.hmac(credentials.secretKey, `${ALGORITHM}\n${copy.get('x-sdk-date')}\n${await hashes.sha256(canonical)}`);
  return mac === auth?.[2];
}

const signPure = (body: string, date: Date): Headers =>
  signHeaders({ method: 'POST', url, headers: new Headers({ 'content-type': 'application/json' }), body }, credentials, { date });

/** µs per call of `run`, over a batch of `count` calls. */
async function perCall(count: number, run: () => unknown): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await run();
  return ((performance.now() - started) * 1000) / count;
}

async function timings(hashesByName: Record<string, Hashes>, body: string): Promise<void> {
  const date = new Date();
  const reference = signPure(body, date).get('authorization');
  for (const [name, hashes] of Object.entries(hashesByName)) {
    const ours = (await signWith(hashes, body, date)).get('authorization');
    if (ours !== reference) throw new Error(`${name} signs differently: ${ours} against ${reference}`);
    if (!(await verifyWith(hashes, signPure(body, date), body))) throw new Error(`${name} does not verify`);
  }
  const signed = signPure(body, new Date());
  const count = 5000;
  const sign: Record<string, () => Promise<number>> = { 'pure TS (signHeaders)': () => perCall(count, () => signPure(body, new Date())) };
  const verify: Record<string, () => Promise<number>> = {
    'pure TS (verifySignature)': () => perCall(count, () => verifySignature({ method: 'POST', url, headers: signed, body }, () => credentials.secretKey)),
  };
  for (const [name, hashes] of Object.entries(hashesByName)) {
    sign[name] = () => perCall(count, () => signWith(hashes, body, new Date()));
    verify[name] = () => perCall(count, () => verifyWith(hashes, signed, body));
  }
  for (const [what, candidates] of [
    ['sign', sign],
    ['verify', verify],
  ] as const) {
    await alternate(`warm-up ${what}`, candidates, 2);
    const samples = await alternate(`${what}, ${body.length}-byte body`, candidates, 7);
    const base = samples[Object.keys(candidates)[0]!]!;
    for (const [name, values] of Object.entries(samples)) {
      const ratios = values.map((v, i) => v / base[i]!);
      console.log(
        `${what} ${body.length} B body | ${name} | ${median(values).toFixed(2)} µs | ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
      );
    }
  }
}

/** Minified (esbuild, browser) and gzip -9 bytes of a module's bundle. */
async function bundleBytes(source: string, resolveDir: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

async function bundles(): Promise<void> {
  const signer = join(root, 'src/signer.ts');
  const rows: [string, { min: number; gzip: number }][] = [
    ['src/signer.ts signHeaders (pure TS SHA-256/HMAC)', await bundleBytes(`export { signHeaders } from ${JSON.stringify(signer)};`, root)],
  ];
  // The signer without its hashing: the SHA-256/HMAC section cut out and WebCrypto in its place (async), which is
  // what the WebCrypto variant would ship; node:crypto is not an option for the browser build.
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(signer, 'utf8');
  const start = text.indexOf('const primes');
  const end = text.indexOf('/** Equality of two strings');
  const cut = `${text.slice(0, start)}
const hex = (b: ArrayBuffer): string => Array.from(new Uint8Array(b), (x) => (x | 256).toString(16).slice(1)).join('');
const sha = async (t: string | Uint8Array): Promise<string> => hex(await crypto.subtle.digest('SHA-256', typeof t === 'string' ? encoder.encode(t) : t));
const mac = async (k: string, t: string): Promise<string> => hex(await crypto.subtle.sign('HMAC', await crypto.subtle.importKey('raw', encoder.encode(k), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']), encoder.encode(t)));
export const webSignature = async (secret: string, body: string, canonical: string): Promise<string> => mac(secret, (await sha(body)) + (await sha(canonical)));
${text.slice(end)}`
    .replace(/function signature\([\s\S]*?\n}\n/, '')
    .replace(/const hash = signature\([^;]*;/, "const hash = '';")
    .replace(/const expected = signature\([^;]*;/, "const expected = '';");
  const cutFile = join(tmpdir(), 'signer-webcrypto-shape.ts');
  writeFileSync(cutFile, cut);
  rows.push([
    'the same signer, hashing cut out, WebCrypto digest/importKey/sign in its place',
    await bundleBytes(`export { signHeaders, webSignature } from ${JSON.stringify(cutFile)};`, root),
  ]);
  if (nobleDir) {
    rows.push([
      '@noble/hashes sha256 + hmac alone',
      await bundleBytes("export { sha256 } from '@noble/hashes/sha2.js'; export { hmac } from '@noble/hashes/hmac.js';", nobleDir),
    ]);
  }
  for (const [name, { min, gzip }] of rows) console.log(`bundle | ${name} | ${min} B min | ${gzip} B gzip -9`);
}

const hashesByName: Record<string, Hashes> = { 'node:crypto createHash/createHmac': nodeHashes, 'WebCrypto subtle (async, key cached)': webHashes };
if (nobleDir) hashesByName['@noble/hashes 2 (sha256, hmac)'] = await nobleHashes(nobleDir);
await bundles();
await timings(hashesByName, UPDATE_METADATA.body);
await timings(hashesByName, JSON.stringify({ metadata: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`key${i}`, 'v'.repeat(24)])) }));
