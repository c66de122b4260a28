import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Db } from 'mongodb';

/**
 * FerretDB binaries the launcher builds (`ensure_ferretdb`): the released code with only
 * patch-vendor.sh's fixes, and the same plus tools/ferretdb/patches/*.patch.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FERRETDB_BINARIES = {
  upstream: process.env.SALESFLOW_FERRETDB_UPSTREAM_BIN ?? path.join(ROOT, '.bin/ferretdb-upstream'),
  patched: process.env.SALESFLOW_FERRETDB_BIN ?? path.join(ROOT, '.bin/ferretdb'),
};

export function missingBinaries(): string[] {
  return Object.values(FERRETDB_BINARIES).filter((file) => !existsSync(file));
}

export const MISSING_BINARIES_HINT = 'build them with the launcher (e.g. `./salesflow test integration`, which runs ensure_ferretdb)';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => (socket.destroy(), resolve(false)));
    socket.connect(port, '127.0.0.1');
  });
}

export interface RunningFerretDB {
  name: string;
  dir: string;
  port: number;
  client: MongoClient;
  db: Db;
  /** What the process wrote to stdout and stderr (its log) so far. */
  log(): string;
  /** The SQLite file that holds a database's collections. */
  sqliteFile(dbName: string): string;
  stop(): Promise<void>;
}

/**
 * Starts one FerretDB (SQLite backend) on a free loopback port with a temporary data folder,
 * as the launcher's start_database does, and connects to it. The folder goes with stop().
 */
export async function startFerretDB(name: string, binary: string, opts: { logLevel?: 'warn' | 'debug'; logFormat?: 'console' | 'json'; dbName?: string } = {}): Promise<RunningFerretDB> {
  const dir = mkdtempSync(path.join(tmpdir(), `salesflow-ferretdb-${name}-`));
  const logFile = path.join(dir, 'ferretdb.log');
  let child: ChildProcess | undefined;
  let port = 0;
  // A free port can be taken between the probe and FerretDB's listen; try a few.
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    const out = openSync(logFile, 'a');
    const candidate = spawn(
      binary,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dir}/`,
        `--listen-addr=127.0.0.1:${port}`,
        '--telemetry=disable',
        '--debug-addr=-',
        `--state-dir=${dir}`,
        `--log-level=${opts.logLevel ?? 'warn'}`,
        `--log-format=${opts.logFormat ?? 'console'}`,
      ],
      { stdio: ['ignore', out, out] },
    );
    closeSync(out);
    let exited = false;
    candidate.once('exit', () => (exited = true));
    const deadline = Date.now() + 30_000;
    while (!exited && Date.now() < deadline && !(await listening(port))) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!exited && (await listening(port))) child = candidate;
    else candidate.kill('SIGKILL');
  }
  if (!child) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`FerretDB (${binary}) did not start listening:\n${log}`);
  }
  const running = child;
  const client = await MongoClient.connect(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 10_000, maxPoolSize: 4 });
  const dbName = opts.dbName ?? 'pushdown';
  return {
    name,
    dir,
    port,
    client,
    db: client.db(dbName),
    log: () => readFileSync(logFile, 'utf8'),
    sqliteFile: (db) => path.join(dir, `${db}.sqlite`),
    async stop() {
      await client.close().catch(() => undefined);
      if (running.exitCode === null) {
        const gone = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGTERM');
        await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (running.exitCode === null) running.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The patched binary's counters of the paths queries took (absent from the released binary). */
export type PushdownCounters = Record<string, number>;

export const PUSHDOWN_PATHS = ['whereExact', 'wherePartial', 'sortLimit', 'count', 'countDocuments', 'group', 'keyword', 'fallback'] as const;

export async function pushdownCounters(db: Db): Promise<PushdownCounters | undefined> {
  const status = await db.admin().command({ serverStatus: 1 });
  const pushdown = status.pushdown as Record<string, unknown> | undefined;
  if (!pushdown || typeof pushdown !== 'object') return undefined;
  return Object.fromEntries(Object.entries(pushdown).map(([key, value]) => [key, Number(value)]));
}
