import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeSha256, serverSha256 } from '../../src/servers/hashes.js';
import { type RequestToSign, signRequest, targetUrl, verifySignature } from '../../src/signer.js';

const lookup = (ak: string): string | undefined => (ak === 'AK-ONE' ? 'secret-one' : undefined);
const reference = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe("nodeSha256 (the simulator behind node:http verifies signatures with node:crypto, small inputs with the signer's own)", () => {
  it('hashes any text as UTF-8, and any bytes, with crypto.hash and without it (Node before 20.12), on both sides of the small-input cut', () => {
    const withoutOneShot = serverSha256(undefined);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (text, bytes) => {
        expect(nodeSha256(text)).toBe(reference(text));
        expect(nodeSha256(bytes)).toBe(reference(bytes));
        expect(withoutOneShot(text)).toBe(reference(text));
        expect(withoutOneShot(bytes)).toBe(reference(bytes));
      }),
    );
  });

  it("accepts what signRequest produced and refuses a changed body, as the signer's own hashes do", async () => {
    const req: RequestToSign = {
      method: 'POST',
      url: 'https://ecs.example.com/v1/p1/cloudservers/s1/metadata?x=1',
      headers: { 'Content-Type': 'application/json' },
      body: '{"metadata":{"k":"ü"}}',
    };
    const signed = { ...req, headers: Object.fromEntries(await signRequest(req, { accessKey: 'AK-ONE', secretKey: 'secret-one' })) };
    const asServed = { ...signed, url: targetUrl('ecs.example.com', '/v1/p1/cloudservers/s1/metadata?x=1') };
    expect(await verifySignature(asServed, lookup, { sha256: nodeSha256 })).toEqual({ ok: true, accessKey: 'AK-ONE' });
    const changed = { ...asServed, body: '{"metadata":{"k":"u"}}' };
    expect(await verifySignature(changed, lookup, { sha256: nodeSha256 })).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(await verifySignature(changed, lookup)).toEqual({ ok: false, reason: 'signature mismatch' });
  });
});
