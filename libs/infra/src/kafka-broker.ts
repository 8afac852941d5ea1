import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { sleep } from './wait';

const HOST = '127.0.0.1';
const JAR_STAMP = '.pom-sha256';

export interface KafkaJarsOptions {
  /** Defaults to `<repo root>/.cache`. */
  cacheDir?: string;
  /** Defaults to `<repo root>/tools/infra/pom.xml`. */
  pomFile?: string;
  /** Called with one short progress line (e.g. before a download). */
  log?: (line: string) => void;
}

export interface StartKafkaBrokerOptions extends KafkaJarsOptions {
  port?: number;
  controllerPort?: number;
  /** Kafka's log.dirs. Defaults to `<cacheDir>/kafka/data-<port>`. */
  dataDir?: string;
  /** Broker log (log4j2 plus JVM stdout/stderr). Defaults to `<dataDir>.log`. */
  logFile?: string;
  heapMb?: number;
  /** C1-only JIT: starts ~0.5 s faster but has lower peak throughput; pass false for benchmarks. Default true. */
  fastStart?: boolean;
  /** Leave the broker running after this process exits (for `npm start` / `npm test`). */
  detached?: boolean;
  startTimeoutMs?: number;
  /** Extra or overriding server.properties entries. */
  properties?: Record<string, string | number | boolean>;
}

export interface KafkaBrokerHandle {
  port: number;
  brokers: string[];
  /** Null when the broker was already running and its pid is unknown. */
  pid: number | null;
  /** True when a broker already answered on the port; stop() then leaves it alone. */
  alreadyRunning: boolean;
  stop(): Promise<void>;
}

export function findRepoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

const defaultCacheDir = (): string => join(findRepoRoot(), '.cache');

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not run ${command}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(output);
      else
        reject(
          new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.trim()}`),
        );
    });
  });
}

/** Makes sure the Kafka broker classpath is in `<cacheDir>/kafka/libs` (downloads it with Maven) and returns that dir. */
export async function ensureKafkaJars(options: KafkaJarsOptions = {}): Promise<string> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const pomFile = options.pomFile ?? join(findRepoRoot(), 'tools', 'infra', 'pom.xml');
  const libsDir = join(cacheDir, 'kafka', 'libs');
  const pomHash = createHash('sha256').update(readFileSync(pomFile)).digest('hex');
  const isCurrent = (dir: string): boolean =>
    existsSync(join(dir, JAR_STAMP)) && readFileSync(join(dir, JAR_STAMP), 'utf8') === pomHash;
  if (isCurrent(libsDir)) return libsDir;

  options.log?.(`downloading the Kafka broker jars with Maven into ${libsDir}`);
  // Download beside the target and rename, so a half-finished download is never mistaken for a classpath.
  const tmpDir = `${libsDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(dirname(libsDir), { recursive: true });
  try {
    await run(
      process.env.MAVEN_CMD ?? 'mvn',
      ['-q', '-B', '-f', pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${tmpDir}`],
      15 * 60_000,
    );
    writeFileSync(join(tmpDir, JAR_STAMP), pomHash);
    if (isCurrent(libsDir)) return libsDir;
    rmSync(libsDir, { recursive: true, force: true });
    try {
      renameSync(tmpDir, libsDir);
    } catch (error) {
      // A concurrent caller finished first.
      if (!isCurrent(libsDir)) throw error;
    }
    return libsDir;
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/**
 * Sends a Kafka Metadata v4 request (the oldest version Kafka 4 still serves) and resolves true
 * when the broker answers with at least one live broker, i.e. it is ready for clients.
 */
function probeMetadata(port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const clientId = Buffer.from('kafka-broker-probe');
    const correlationId = 0x4b414641;
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
    let o = 0;
    o = body.writeInt16BE(3, o); // api key: Metadata
    o = body.writeInt16BE(4, o); // api version
    o = body.writeInt32BE(correlationId, o);
    o = body.writeInt16BE(clientId.length, o);
    o += clientId.copy(body, o);
    o = body.writeInt32BE(-1, o); // all topics
    body.writeInt8(0, o); // allow_auto_topic_creation
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);

    let received = Buffer.alloc(0);
    let settled = false;
    const socket = connect({ port, host });
    const finish = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('connect', () => socket.write(Buffer.concat([size, body])));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // size(4) correlation_id(4) throttle_time_ms(4) brokers.length(4)
      if (received.length < 16) return;
      finish(received.readInt32BE(4) === correlationId && received.readInt32BE(12) > 0);
    });
  });
}

function canConnect(port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ port, host });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** True when a Kafka broker on 127.0.0.1:port answers a metadata request. */
export function isKafkaRunning(port = 9092, host = HOST): Promise<boolean> {
  return probeMetadata(port, host, 2000);
}

const pidFileOf = (dataDir: string): string => `${resolve(dataDir)}.pid`;
const lockFileOf = (dataDir: string): string => `${resolve(dataDir)}.start.lock`;
const serverPropertiesOf = (dataDir: string): string => `${resolve(dataDir)}.server.properties`;
const log4jPropertiesOf = (dataDir: string): string => `${resolve(dataDir)}.log4j2.properties`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A zombie still answers kill(0); its state letter follows the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Guards against a recycled pid: the process must be a broker started with this dataDir's config. */
function isBrokerProcessFor(pid: number, dataDir: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(serverPropertiesOf(dataDir));
  } catch {
    return true;
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** SIGTERM (Kafka's clean shutdown), SIGKILL after graceMs; resolves once the process is gone. */
async function terminate(pid: number, graceMs = 20_000): Promise<void> {
  const signal = (name: NodeJS.Signals): boolean => {
    try {
      process.kill(pid, name);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (!isAlive(pid)) return;
  signal('SIGKILL');
  const killDeadline = Date.now() + 5000;
  while (isAlive(pid) && Date.now() < killDeadline) await sleep(100);
}

/** Stops the broker whose pid file belongs to dataDir. Returns false when none was running. */
export async function stopKafkaBroker(options: { dataDir: string }): Promise<boolean> {
  const pidFile = pidFileOf(options.dataDir);
  const pid = readPid(pidFile);
  const running = pid !== null && isBrokerProcessFor(pid, options.dataDir);
  if (running) await terminate(pid);
  rmSync(pidFile, { force: true });
  return running;
}

function kafkaClusterId(): string {
  // Same shape as Kafka's Uuid.randomUuid(): 16 random bytes, base64url, never starting with '-'.
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(
  port: number,
  controllerPort: number,
  dataDir: string,
  extra: Record<string, string | number | boolean>,
): string {
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    // A static voter set keeps the data dir usable if controllerPort changes between runs.
    'controller.quorum.voters': `1@${HOST}:${controllerPort}`,
    listeners: `PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': 1,
    'auto.create.topics.enable': false,
    'group.initial.rebalance.delay.ms': 0,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 4,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 4,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // After a SIGKILL the restarted node waits for its previous registration to expire (default 9 s).
    'broker.heartbeat.interval.ms': 500,
    'broker.session.timeout.ms': 3000,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'log.segment.bytes': 64 * 1024 * 1024,
    ...extra,
  };
  return (
    Object.entries(properties)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join('\n') + '\n'
  );
}

function log4jProperties(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${logFile}`,
    'appender.file.append = true',
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = file',
    // Every config object dumps all of its values at INFO: hundreds of lines per start.
    'logger.config.name = org.apache.kafka.common.config.AbstractConfig',
    'logger.config.level = WARN',
    '',
  ].join('\n');
}

function jvmArgs(libsDir: string, log4jFile: string, heapMb: number, fastStart: boolean): string[] {
  return [
    `-Xmx${heapMb}m`,
    `-Xms${Math.min(64, heapMb)}m`,
    '-XX:+UseSerialGC',
    ...(fastStart ? ['-XX:TieredStopAtLevel=1'] : []),
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    // Otherwise log4j2 closes its appender on SIGTERM before Kafka has logged its own clean shutdown.
    '-Dlog4j2.shutdownHookEnabled=false',
    `-Dlog4j2.configurationFile=${log4jFile}`,
    '-cp',
    join(libsDir, '*'),
  ];
}

const javaCommand = (): string =>
  process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';

function logTail(logFile: string, lines = 25): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Exclusive start lock per dataDir, so concurrent starters do not format or launch twice. */
async function acquireLock(lockFile: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readPid(lockFile);
    if (holder !== null && !isAlive(holder)) {
      try {
        unlinkSync(lockFile);
      } catch {
        // Someone else removed the stale lock first.
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockFile} (held by pid ${holder})`);
    await sleep(200);
  }
}

function existingHandle(port: number, dataDir: string): KafkaBrokerHandle {
  const pid = readPid(pidFileOf(dataDir));
  return {
    port,
    brokers: [`${HOST}:${port}`],
    pid: pid !== null && isBrokerProcessFor(pid, dataDir) ? pid : null,
    alreadyRunning: true,
    stop: async () => undefined,
  };
}

/**
 * Starts a single-node KRaft Kafka broker (broker + controller in one JVM) on 127.0.0.1 and waits
 * until it serves clients. A no-op when a broker already answers on the port.
 */
export async function startKafkaBroker(options: StartKafkaBrokerOptions = {}): Promise<KafkaBrokerHandle> {
  const port = options.port ?? 9092;
  const controllerPort = options.controllerPort ?? port + 1;
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const dataDir = resolve(options.dataDir ?? join(cacheDir, 'kafka', `data-${port}`));
  const logFile = resolve(options.logFile ?? `${dataDir}.log`);
  const heapMb = options.heapMb ?? 512;
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;

  if (await isKafkaRunning(port)) return existingHandle(port, dataDir);
  const libsDir = await ensureKafkaJars(options);

  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dirname(logFile), { recursive: true });
  const release = await acquireLock(lockFileOf(dataDir), timeoutMs);
  try {
    if (await isKafkaRunning(port)) return existingHandle(port, dataDir);
    const previous = readPid(pidFileOf(dataDir));
    if (previous !== null && isBrokerProcessFor(previous, dataDir)) {
      throw new Error(
        `A Kafka broker (pid ${previous}) already uses ${dataDir} but does not answer on port ${port}; ` +
          `stop it first (stopKafkaBroker) or see ${logFile}`,
      );
    }
    if (await canConnect(port, HOST, 1000)) {
      throw new Error(`Port ${port} on ${HOST} is taken by something that is not a Kafka broker`);
    }

    const propertiesFile = serverPropertiesOf(dataDir);
    const log4jFile = log4jPropertiesOf(dataDir);
    writeFileSync(propertiesFile, serverProperties(port, controllerPort, dataDir, options.properties ?? {}));
    writeFileSync(log4jFile, log4jProperties(logFile));

    if (!existsSync(join(dataDir, 'meta.properties'))) {
      mkdirSync(dataDir, { recursive: true });
      if (readdirSync(dataDir).length > 0) {
        throw new Error(
          `${dataDir} is not empty but has no meta.properties; remove it to let Kafka format it`,
        );
      }
      await run(
        javaCommand(),
        [
          ...jvmArgs(libsDir, log4jFile, 256, true),
          'kafka.tools.StorageTool',
          'format',
          '--cluster-id',
          kafkaClusterId(),
          '--config',
          propertiesFile,
          '--ignore-formatted',
        ],
        60_000,
      );
    }

    const detached = options.detached ?? false;
    const out = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(
        javaCommand(),
        [...jvmArgs(libsDir, log4jFile, heapMb, options.fastStart ?? true), 'kafka.Kafka', propertiesFile],
        {
          detached,
          stdio: ['ignore', out, out],
        },
      );
    } finally {
      closeSync(out);
    }
    const pid = child.pid;
    if (pid === undefined) {
      const spawnError = await new Promise<Error>((r) => child.once('error', r));
      throw new Error(`Could not start ${javaCommand()}: ${spawnError.message}`, { cause: spawnError });
    }
    const status: { exited: string | null } = { exited: null };
    child.once('exit', (code, signal) => (status.exited = signal ?? `exit code ${code}`));
    writeFileSync(pidFileOf(dataDir), String(pid));

    const onParentExit = (): void => {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    };
    if (detached) child.unref();
    else process.once('exit', onParentExit);

    while (!(await probeMetadata(port, HOST, 1000))) {
      const failure =
        status.exited !== null
          ? `exited during startup (${status.exited})`
          : Date.now() > deadline
            ? `did not become ready within ${timeoutMs} ms`
            : null;
      if (failure !== null) {
        process.removeListener('exit', onParentExit);
        await terminate(pid);
        rmSync(pidFileOf(dataDir), { force: true });
        // Lost a race against another starter using a different dataDir on the same port.
        if (await isKafkaRunning(port)) return existingHandle(port, dataDir);
        throw new Error(`Kafka broker ${failure}. Last lines of ${logFile}:\n${logTail(logFile)}`);
      }
      await sleep(100);
    }

    return {
      port,
      brokers: [`${HOST}:${port}`],
      pid,
      alreadyRunning: false,
      stop: async () => {
        process.removeListener('exit', onParentExit);
        await terminate(pid);
        if (readPid(pidFileOf(dataDir)) === pid) rmSync(pidFileOf(dataDir), { force: true });
      },
    };
  } finally {
    release();
  }
}
