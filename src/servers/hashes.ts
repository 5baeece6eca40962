// Node's native SHA-256 for the signature checks of a server behind node:http (HexHashes of src/signer.ts). The
// signer's own hashing, in plain TypeScript so that it also runs in a browser, was the largest single cost of an
// AK/SK-signed request to the simulator.
import * as crypto from 'node:crypto';
import type { HexHashes } from '../signer.ts';

/**
 * The hashes with `oneShot`, crypto.hash (Node 20.12 and later): it hashes without building a Hash object, which cost
 * more than hashing a few hundred bytes. Without it (older Node), createHash.
 */
export function nativeHashes(oneShot: typeof crypto.hash | undefined): HexHashes {
  return {
    sha256: oneShot ? (data) => oneShot('sha256', data, 'hex') : (data) => crypto.createHash('sha256').update(data).digest('hex'),
    hmacSha256: (key, message) => crypto.createHmac('sha256', key).update(message).digest('hex'),
  };
}

export const nodeHashes: HexHashes = nativeHashes(crypto.hash);
