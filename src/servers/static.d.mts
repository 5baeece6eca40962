// Types for static-server.mjs, so TypeScript tests can import it.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export declare function staticHandler(root: string): (req: IncomingMessage, res: ServerResponse) => void;
export declare function startStaticServer(options: {
  root: string;
  host?: string;
  port?: number;
}): Promise<{ server: Server; url: string; close: () => Promise<void> }>;
