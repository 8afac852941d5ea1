/**
 * Level L0 of the federation benchmark: bare node:http answering every request with one fixed
 * JSON body (the page query's real response, so the same size), after reading the request body.
 *
 *   PORT=4700 BODY_FILE=.cache/bench/page-response.json node --import tsx tools/bench/servers/fixed-json.ts
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.env.BODY_FILE ?? '', 'utf8');
const length = Buffer.byteLength(body);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': length });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
