/**
 * Runs the official DynamoDB Local jar (shipped inside the npm package
 * `amplify-dynamodb-simulator`, folder `emulator/`) as a child process.
 *
 * Only the jar is used, never that package's JavaScript API: the jar is the
 * same engine AWS publishes, so integration tests exercise real conditional
 * writes, transactions and queries.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Raised when Java is not installed, with what to install. */
export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH. ' +
        'Install it with: sudo apt-get install -y openjdk-17-jre-headless (Debian/Ubuntu), ' +
        'brew install openjdk@17 (macOS), or any Java 17+ runtime, then run the command again.',
    );
    this.name = 'JavaMissingError';
  }
}

/** Raised when the jar did not start answering in time. */
export class DynamoDbLocalStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DynamoDbLocalStartError';
  }
}

export interface DynamoDbLocalOptions {
  /** Port to listen on; a free one is chosen when omitted. */
  port?: number;
  /** How long to wait for the jar to answer, in milliseconds. */
  startTimeoutMs?: number;
  /**
   * Folder for a persistent database (`-sharedDb -dbPath`), which survives a
   * stop and restart; in memory (the default) when omitted.
   */
  dbPath?: string;
  /**
   * Writes the JVM's stop-the-world pauses (unified logging of `gc` and `safepoint`) to this file,
   * each line stamped with CLOCK_MONOTONIC nanoseconds (`timenanos`, the clock of Node's
   * `process.hrtime`) and epoch milliseconds (`timemillis`). Only the bench sets it.
   */
  pauseLogFile?: string;
}

// A JVM on a busy 2-core machine (CI, or several suites at once) can take well over 30 s to answer.
const defaults = { startTimeoutMs: 120_000 };

/** A running DynamoDB Local process. */
export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** The JVM's process id (a new one after {@link DynamoDbLocal.restart}). */
  readonly pid: number | undefined;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
  /**
   * Stops the process (if running) and starts a new one on the same port with
   * the same options; with `dbPath` the data survives.
   */
  restart(): Promise<void>;
}

/** The folder holding `DynamoDBLocal.jar` and `DynamoDBLocal_lib/`. */
export function emulatorFolder(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('amplify-dynamodb-simulator/package.json');
  return join(dirname(pkg), 'emulator');
}

/** Throws {@link JavaMissingError} unless a `java` executable answers. */
export function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
}

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    // Any HTTP answer (DynamoDB Local says 400 to a bare GET) means it is up.
    await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts DynamoDB Local (in memory unless `dbPath` is given) and resolves once it answers HTTP.
 *
 * @example
 * const db = await startDynamoDbLocal();
 * // ... new DynamoDBClient({ endpoint: db.endpoint, ... })
 * await db.stop();
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const port = options.port ?? (await freePort());
  let running = await spawnJar(port, options);
  return {
    endpoint: running.endpoint,
    port,
    get pid() {
      return running.pid;
    },
    stop: () => running.stop(),
    async restart() {
      await running.stop();
      running = await spawnJar(port, options);
    },
  };
}

async function spawnJar(port: number, options: DynamoDbLocalOptions): Promise<{ endpoint: string; pid: number | undefined; stop(): Promise<void> }> {
  const { startTimeoutMs } = { ...defaults, ...options };
  const folder = emulatorFolder();
  const storage = options.dbPath ? ['-sharedDb', '-dbPath', options.dbPath] : ['-inMemory'];
  const pauseLog = options.pauseLogFile ? [`-Xlog:gc,safepoint:file=${options.pauseLogFile}:timenanos,timemillis`] : [];
  const child: ChildProcess = spawn(
    'java',
    [
      ...pauseLog,
      `-Djava.library.path=${join(folder, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(folder, 'DynamoDBLocal.jar'),
      ...storage,
      '-port',
      String(port),
    ],
    // Its own working folder: the jar drops a metadata file there even in memory.
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: mkdtempSync(join(tmpdir(), 'dynamodb-local-')) },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null) {
      throw new DynamoDbLocalStartError(`DynamoDB Local exited with code ${child.exitCode}: ${stderr.trim()}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new DynamoDbLocalStartError(`DynamoDB Local did not answer on ${endpoint} within ${startTimeoutMs} ms`);
    }
    await sleep(100);
  }
  return {
    endpoint,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
