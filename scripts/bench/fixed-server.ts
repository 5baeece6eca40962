// The server the client-CPU rows call (run in its own process, pinned away from the measuring client): every
// request gets the same 200 JSON answer, through the project's one HTTP layer. Prints its URL once listening.
import { createHttpServer, listen, readBody, send } from '../../src/servers/http.ts';

const answer = JSON.stringify({ metadata: { key: 'value' } });
const server = createHttpServer((req, res) => {
  readBody(req).then(
    () => send(res, 200, answer, { 'Content-Type': 'application/json', 'X-Request-Id': 'bench' }),
    () => send(res, 400, '{}'),
  );
});
const { url } = await listen(server, { host: '127.0.0.1', port: 0 });
console.log(url);
