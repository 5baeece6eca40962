/**
 * The node:http adapter of the request pipeline (src/pipeline/): an IncomingMessage becomes a plain request whose
 * body is read only when the pipeline asks for it, and the plain reply is written back. The shared layer
 * (http.ts) keeps its connection limits and answers what Node itself refuses in the pipeline's error format.
 */
import type { Server, ServerResponse } from 'node:http';
import { type Reply, replyPayload } from '../pipeline/exchange.ts';
import { GONE, type Pipeline } from '../pipeline/pipeline.ts';
import { type ConnectionLimits, createHttpServer, send } from './http.ts';
import { flatHeaders, readBody } from './request.ts';

function write(res: ServerResponse, reply: Reply): void {
  if (reply.status === GONE) return; // nobody is left to answer
  if (res.headersSent) {
    res.end();
    return;
  }
  const { payload, contentType } = replyPayload(reply);
  // Copied by assignment, the reply's own Content-Type left out: spreading, then deleting a key (which turns the
  // object into a slow dictionary for send to read), cost more than building the answer.
  const headers: Record<string, string> = {};
  for (const name in reply.headers) if (payload === undefined || name !== 'content-type') headers[name] = reply.headers[name] as string;
  if (payload !== undefined) headers['Content-Type'] = contentType;
  send(res, reply.status, payload instanceof Uint8Array && !Buffer.isBuffer(payload) ? Buffer.from(payload) : payload, headers);
}

export interface PipelineServerOptions {
  limits?: Partial<ConnectionLimits> | undefined;
  /** Told when an answer could not be written (its connection is then closed). Default: console.error. */
  warn?: (line: string) => void;
}

export function createPipelineServer(pipeline: Pipeline, { limits, warn = (line) => console.error(line) }: PipelineServerOptions = {}): Server {
  return createHttpServer(
    (req, res) => {
      let body: Promise<Uint8Array> | undefined;
      const request = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: flatHeaders(req.headers),
        httpVersion: req.httpVersion,
        body: () => {
          body ??= readBody(req);
          return body;
        },
      };
      pipeline
        .handle(request)
        // A body nobody read is dumped by Node once the answer is sent.
        .then((reply) => write(res, reply))
        // Nothing of a request may end the process: a failure to write the answer closes its connection.
        .catch((err: unknown) => {
          warn(`server error: the answer could not be sent: ${err instanceof Error ? err.message : String(err)}`);
          res.destroy();
        });
    },
    {
      access: 'in-handler',
      errors: (method, path, status, message) => {
        const { body, headers } = pipeline.errorReply(method, path, status, message);
        return { body, headers: headers ?? {} };
      },
      ...(limits ? { limits } : {}),
    },
  );
}
