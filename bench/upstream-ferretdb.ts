/**
 * The unpatched FerretDB binary (`.bin/ferretdb-upstream`, built by the launcher beside the
 * patched `.bin/ferretdb`), started by the benchmark on a port and a data folder of its own, so
 * the same queries can be timed on the same data with and without the SQL pushdown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';

export interface UpstreamDb {
  db: Db;
  port: number;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts the unpatched binary, or answers why it cannot (no binary: the bench runs on MongoDB,
 * or the launcher has not built it). The port: SALESFLOW_BENCH_UPSTREAM_DB_PORT, else the
 * bench database's port + 1.
 */
export async function startUpstreamFerretDb(dbName: string): Promise<UpstreamDb | string> {
  const binary = join(process.cwd(), '.bin', 'ferretdb-upstream');
  if (!existsSync(binary)) return `no ${binary}`;
  const benchPort = Number(new URL(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27048/').port || 27017);
  const port = Number(process.env.SALESFLOW_BENCH_UPSTREAM_DB_PORT) || benchPort + 1;
  if (await portOpen(port)) return `port ${port} is in use (set SALESFLOW_BENCH_UPSTREAM_DB_PORT)`;
  const dir = join(process.env.SALESFLOW_DATA_DIR ?? join(process.cwd(), 'data', 'bench'), 'ferretdb-upstream');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const child: ChildProcess = spawn(
    binary,
    ['--handler=sqlite', `--sqlite-url=file:${dir}/`, `--listen-addr=127.0.0.1:${port}`, '--telemetry=disable', '--debug-addr=-', `--state-dir=${dir}`, '--log-level=warn'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 30_000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null) return `the unpatched binary exited (${child.exitCode})`;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      return `the unpatched binary did not listen on ${port} within 30 s`;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const client = await MongoClient.connect(`mongodb://127.0.0.1:${port}/`, { maxPoolSize: 4 });
  // This process started it, so it ends it with the benchmark, however that ends.
  const kill = () => child.exitCode === null && child.kill('SIGTERM');
  process.once('exit', kill);
  return {
    db: client.db(dbName),
    port,
    stop: async () => {
      await client.close().catch(() => undefined);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      process.removeListener('exit', kill);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
