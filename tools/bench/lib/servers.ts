/** Server processes the benchmark starts itself: `node --import tsx <entry>`, one pid per server. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, waitForHttp, type ManagedProcess } from '@platform/testing';
import { processTree } from './procfs';

const running = new Set<BenchServer>();

/** Stops every server still running (an interrupted benchmark leaves none behind). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

export interface BenchServer extends ManagedProcess {
  url: string;
  /** The server's process tree now (a cluster primary and its workers). */
  pids: () => number[];
}

export async function startServer(options: {
  name: string;
  entry: string;
  port: number;
  env: Record<string, string>;
  /** GET path that answers 200 once the server is up. */
  readyPath: string;
  nodeArgs?: string[];
  graphqlPath?: string;
}): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', join(REPO_ROOT, options.entry)],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env, PORT: String(options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let buffer = '';
  const keep = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const server: BenchServer = {
    name: options.name,
    child,
    output: () => buffer,
    url: `http://127.0.0.1:${options.port}${options.graphqlPath ?? '/graphql'}`,
    pids: () => (child.pid ? processTree(child.pid) : []),
    stop: () =>
      new Promise<void>((done) => {
        running.delete(server);
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.kill('SIGINT');
      }),
  };
  running.add(server);
  try {
    await waitForHttp(`http://127.0.0.1:${options.port}${options.readyPath}`, server, 120_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
