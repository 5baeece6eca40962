// Node's native SHA-256 for the signature checks of a server behind node:http (VerifyOptions.sha256 of
// src/signer.ts). The signer's own, in plain TypeScript so that it also runs in a browser, took a server 8 µs for
// the five blocks of a canonical request, against 3 µs for node:crypto's. A native call has a fixed cost, though:
// for an input of one or two blocks (a small JSON body), the signer's own is cheaper.
import * as crypto from 'node:crypto';
import { type Sha256Hex, sha256Hex } from '../signer.ts';

type OneShot = (algorithm: string, data: string | Uint8Array, outputEncoding: 'hex') => string;

/** Inputs up to this length (bytes, or UTF-16 units of text) are hashed by the signer's own: two blocks of ASCII. */
const SMALL = 119;

/**
 * A server's SHA-256: the signer's own for small inputs, else native, with `oneShot`, crypto.hash (Node 20.12 and
 * later), which hashes without building a Hash object: that cost more than hashing a few hundred bytes. Without it
 * (older Node), createHash.
 */
export const serverSha256 = (oneShot: OneShot | undefined): Sha256Hex => {
  const native: Sha256Hex = oneShot ? (data) => oneShot('sha256', data, 'hex') : (data) => crypto.createHash('sha256').update(data).digest('hex');
  return (data) => (data.length <= SMALL ? sha256Hex(data) : native(data));
};

export const nodeSha256: Sha256Hex = serverSha256(crypto.hash as OneShot | undefined);
