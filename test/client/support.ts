/**
 * A real local HTTP server (127.0.0.1, port 0) that records every request, checks its AK/SK signature with
 * the project's verifySignature, and answers through a handler chosen by the test.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type VerifyResult, verifySignature } from '../../src/signer.ts';

// Canary credentials: tests assert these never show up where they must not.
export const ACCESS_KEY = 'AKCANARYACCESSKEY0001';
export const SECRET_KEY = 'SKCANARY-secret-key-7f3a9c';
export const SECURITY_TOKEN = 'STCANARY-security-token-51d0';
export const TOKEN = 'TKCANARY-iam-token-a8e2';
export const ADMIN_PASS = 'Canary-Pa55w0rd';
export const PROJECT_ID = 'c685484a8cc2416b97260938705deb65';
export const SERVER_ID = '95bf2490-5428-432c-ad9b-5e3406f869dd';
export const IMAGE_ID = 'e215580f-73ad-429d-b6f2-5433947433b0';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  body: string;
  /** verifySignature's verdict for the request (with SECRET_KEY as the secret of ACCESS_KEY). */
  signature: VerifyResult;
  receivedAt: number;
}

export type Handler = (request: ReceivedRequest, res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const signature = await verifySignature({ method, url: `http://${headers.host}${url}`, headers, body }, (ak) =>
      ak === ACCESS_KEY ? SECRET_KEY : undefined,
    );
    const received = { method, url, headers, body, signature, receivedAt: Date.now() };
    requests.push(received);
    try {
      await handler(received, res, req);
    } catch (error) {
      if (!res.headersSent) json(res, 599, { handlerError: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-Id': 'req-0001', ...headers });
  res.end(JSON.stringify(body));
}

export const akSk = { accessKey: ACCESS_KEY, secretKey: SECRET_KEY };
