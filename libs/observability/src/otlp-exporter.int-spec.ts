import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { otlpProtocol } from './tracing';

// Issue 18: the exporter follows the standard variables. OTEL_EXPORTER_OTLP_PROTOCOL picks the
// wire format (http/protobuf by default, as the specification says, or http/json); what reaches
// a collector's /v1/traces is checked here on a local endpoint.
interface Received {
  path: string;
  contentType: string;
  body: Buffer;
}

let server: Server;
let endpoint: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: String(req.headers['content-type']),
        body: Buffer.concat(chunks),
      });
      // An empty ExportTraceServiceResponse reads the same in JSON and in protobuf.
      res.writeHead(200, { 'content-type': String(req.headers['content-type']) });
      res.end(String(req.headers['content-type']).includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const execFileAsync = promisify(execFile);
const root = resolve(__dirname, '../../..');

/** Exports one span named `name` from a process configured by `env`; what the endpoint received. */
async function exportSpan(name: string, env: Record<string, string>): Promise<Received> {
  received.length = 0;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
  await execFileAsync(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(__dirname, 'testing/export-one-span.ts'), name],
    { cwd: root, env: { ...clean, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, ...env } },
  );
  expect(received).toHaveLength(1);
  return received[0];
}

describe('OTLP exporter chosen by OTEL_EXPORTER_OTLP_PROTOCOL', () => {
  it('sends protobuf to /v1/traces when the protocol is unset (the specification default)', async () => {
    const sent = await exportSpan('default-protocol', {});
    expect(sent.path).toBe('/v1/traces');
    expect(sent.contentType).toBe('application/x-protobuf');
    // The span's name is a protobuf string field, not JSON.
    expect(sent.body.includes(Buffer.from('default-protocol'))).toBe(true);
    expect(() => JSON.parse(sent.body.toString('utf8'))).toThrow();
  });

  it('sends protobuf for http/protobuf and JSON for http/json', async () => {
    const proto = await exportSpan('proto', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    expect(proto.contentType).toBe('application/x-protobuf');
    const json = await exportSpan('json', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    expect(json.contentType).toBe('application/json');
    expect(JSON.stringify(JSON.parse(json.body.toString('utf8')))).toContain('"name":"json"');
  });

  it('lets the traces-specific variable win over the general one', async () => {
    const sent = await exportSpan('specific', {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    });
    expect(sent.contentType).toBe('application/json');
  });

  it('refuses grpc and unknown protocols at start, naming the variable', () => {
    expect(() => otlpProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported/,
    );
    expect(() => otlpProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift' })).toThrow(/thrift/);
  });
});
