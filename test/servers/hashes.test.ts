import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nativeHashes, nodeHashes } from '../../src/servers/hashes.js';
import { JS_HASHES, type RequestToSign, signRequest, verifySignature } from '../../src/signer.js';

const lookup = (ak: string): string | undefined => (ak === 'AK-ONE' ? 'secret-one' : undefined);

describe('nodeHashes (the servers verify signatures with node:crypto)', () => {
  it("gives the signer's own results for any text, bytes and key", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 100 }), (text, bytes, key) => {
        expect(nodeHashes.sha256(text)).toBe(JS_HASHES.sha256(text));
        expect(nodeHashes.sha256(bytes)).toBe(JS_HASHES.sha256(bytes));
        expect(nodeHashes.hmacSha256(key, text)).toBe(JS_HASHES.hmacSha256(key, text));
        // Node before 20.12 has no crypto.hash: createHash instead.
        expect(nativeHashes(undefined).sha256(text)).toBe(JS_HASHES.sha256(text));
        expect(nativeHashes(undefined).sha256(bytes)).toBe(JS_HASHES.sha256(bytes));
      }),
    );
  });

  it('accepts what signRequest produced and refuses a changed body, as the default hashes do', async () => {
    const req: RequestToSign = {
      method: 'POST',
      url: 'https://ecs.example.com/v1/p1/cloudservers/s1/metadata?x=1',
      headers: { 'Content-Type': 'application/json' },
      body: '{"metadata":{"k":"ü"}}',
    };
    const signed = { ...req, headers: await signRequest(req, { accessKey: 'AK-ONE', secretKey: 'secret-one' }) };
    expect(await verifySignature(signed, lookup, { hashes: nodeHashes })).toEqual({ ok: true, accessKey: 'AK-ONE' });
    const changed = { ...signed, body: '{"metadata":{"k":"u"}}' };
    expect(await verifySignature(changed, lookup, { hashes: nodeHashes })).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(await verifySignature(changed, lookup)).toEqual({ ok: false, reason: 'signature mismatch' });
  });
});
