// The server the client-CPU rows call (run in its own process, pinned away from the measuring client): every
// request gets the same 200 JSON answer, through the project's one HTTP layer. Listens on 127.0.0.1 at the port
// of its first argument (0 or none: any free port) and prints its URL once listening.
import { createHttpServer, listen, readBody, send } from '../../src/servers/http.ts';

const port = Number(process.argv[2] ?? 0);
const answer = JSON.stringify({ metadata: { key: 'value' } });
const server = createHttpServer((req, res) => {
  readBody(req).then(
    () => send(res, 200, answer, { 'Content-Type': 'application/json', 'X-Request-Id': 'bench' }),
    () => send(res, 400, '{}'),
  );
});
const { url } = await listen(server, { host: '127.0.0.1', port });
console.log(url);
