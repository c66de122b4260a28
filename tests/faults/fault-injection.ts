/**
 * The fault-injection test (`./salesflow test faults`, part of `./salesflow test`), against
 * the scratch app the launcher started:
 *
 *  1. 8 clients create customers through the API while FerretDB, Redis, the worker and the web
 *     process are each killed with SIGKILL and restarted (with the command line and
 *     environment they ran with). Customers start the follow-up workflow, which creates a task.
 *  2. Once the recovery sweep has run: every create that answered 2xx exists completely (auto
 *     number, history entry, succeeded follow-up run, exactly one task); every create that
 *     answered an error does not exist or was completed by recovery; no customer exists twice,
 *     no task exists twice. /api/health answered 503 naming the database within 2 s while
 *     FerretDB was down.
 *  3. ./salesflow backup, then ./salesflow restore into an empty data folder and database:
 *     every record, history entry, number and attachment back (counts and checksums).
 *
 * Writes a JSON report next to the other suites' (faults.json) and prints a summary table.
 */
import { execFile } from 'node:child_process';
import { existsSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { Db } from 'mongodb';
import { closeMongo, database, mongoClient } from '@/lib/db/mongo';
import { collectionChecksum } from '@/lib/backup/backup';
import { adminTokenClient, BASE_URL, type ApiClient } from '../support/http';

const RUN_DIR = join(process.env.SALESFLOW_DATA_DIR!, 'run');
const LOG_DIR = join(process.env.SALESFLOW_DATA_DIR!, 'logs');
const CLIENTS = 8;
const RESULTS = process.env.SALESFLOW_FAULTS_REPORT;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string) => console.log(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}`);

interface Attempt {
  name: string;
  status: number | 'network';
  id?: string;
  phase: string;
}

/** A service as the launcher started it: pid, command line and environment (the launcher's run files), working directory. */
function processOf(service: string): { pid: number; argv: string[]; env: Record<string, string>; cwd: string } {
  const pid = Number(readFileSync(join(RUN_DIR, `${service}.pid`), 'utf8').trim());
  const argv = readFileSync(join(RUN_DIR, `${service}.cmd`), 'utf8').split('\0').filter(Boolean);
  const env = Object.fromEntries(
    readFileSync(join(RUN_DIR, `${service}.env`), 'utf8')
      .split('\0')
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  return { pid, argv, env, cwd: `/proc/${pid}/cwd` };
}

/** SIGKILL to the service's whole process group (the launcher starts each with setsid). */
function kill(service: string): ReturnType<typeof processOf> {
  const proc = processOf(service);
  const cwd = readlinkSync(proc.cwd);
  try {
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    process.kill(proc.pid, 'SIGKILL');
  }
  log(`killed ${service} (pid ${proc.pid}) with SIGKILL`);
  return { ...proc, cwd };
}

/** Starts the service again as it was started, in a process group of its own, and records its pid for the launcher. */
function restart(service: string, proc: ReturnType<typeof processOf>): void {
  const out = openSync(join(LOG_DIR, `${service}.log`), 'a');
  const child = spawn(proc.argv[0], proc.argv.slice(1), { cwd: proc.cwd, env: proc.env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", out, out] });
  child.unref();
  writeFileSync(join(RUN_DIR, `${service}.pid`), `${child.pid}\n`);
  log(`restarted ${service} (pid ${child.pid})`);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const healthy = async () => (await fetch(`${BASE_URL}/api/health`, { signal: AbortSignal.timeout(3000) })).status === 200;

async function main() {
  const api = await adminTokenClient();
  const prefix = `Fault ${Date.now().toString(36)}`;
  const attempts: Attempt[] = [];
  let phase = 'calm';
  let running = true;
  let serial = 0;

  const client = async (n: number) => {
    while (running) {
      const name = `${prefix} c${n}-${serial++}`;
      const attempt: Attempt = { name, status: 'network', phase };
      try {
        const response = await api.request('POST', '/api/records/customer', { name, source: 'referral' }, {});
        attempt.status = response.status;
        if (response.status === 201) attempt.id = response.body.id;
      } catch {
        attempt.status = 'network';
        await sleep(200);
      }
      attempts.push(attempt);
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));

  const health: { during: string; status: number | string; ms: number; down?: string[] }[] = [];
  const probeHealth = async (during: string) => {
    const started = Date.now();
    try {
      const response = await fetch(`${BASE_URL}/api/health`, { signal: AbortSignal.timeout(5000) });
      const body = (await response.json()) as { down?: string[] };
      health.push({ during, status: response.status, ms: Date.now() - started, down: body.down });
    } catch (error) {
      health.push({ during, status: (error as Error).name, ms: Date.now() - started });
    }
  };

  const faults: [string, number][] = [
    ['ferretdb', 3000],
    ['redis', 3000],
    ['worker', 3000],
    ['web', 1000],
  ];
  await sleep(4000);
  for (const [service, downMs] of faults) {
    phase = `${service} killed`;
    const proc = kill(service);
    if (service === 'ferretdb' || service === 'redis') {
      await sleep(700);
      await probeHealth(`${service} down`);
    }
    await sleep(downMs);
    restart(service, proc);
    phase = `${service} restarted`;
    await waitFor(`the app to be healthy after ${service}`, healthy, 90_000);
    await sleep(4000);
  }
  phase = 'calm';
  await sleep(3000);
  running = false;
  await Promise.all(clients);
  await closeMongo();

  log(`${attempts.length} creates sent; waiting for the recovery sweep and the workflows`);
  const db = await database();
  const customers = db.collection('rec_customer');
  await waitFor(
    'no unfinished create and every follow-up run finished',
    async () => {
      const intents = await db.collection('write_intents').countDocuments({});
      const ids = (await customers.find({ name: { $regex: `^${prefix}` } }, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id.toHexString());
      const open = await db.collection('workflow_runs').countDocuments({ recordId: { $in: ids }, status: { $nin: ['succeeded', 'failed'] } });
      const runs = await db.collection('workflow_runs').countDocuments({ recordId: { $in: ids } });
      return intents === 0 && open === 0 && runs >= ids.length;
    },
    180_000,
  );

  // What is stored, by customer name.
  const stored = await customers.find({ name: { $regex: `^${prefix}` } }).toArray();
  const byName = new Map<string, typeof stored>();
  for (const doc of stored) byName.set(String(doc.name), [...(byName.get(String(doc.name)) ?? []), doc]);
  const ids = stored.map((doc) => doc._id.toHexString());
  const history = new Set((await db.collection('audit_log').find({ entity: 'customer', recordId: { $in: ids }, version: 1, action: 'create' }, { projection: { recordId: 1 } }).toArray()).map((entry) => String(entry.recordId)));
  const runs = new Map((await db.collection('workflow_runs').find({ recordId: { $in: ids }, workflowKey: 'customer-follow-up' }).toArray()).map((run) => [String(run.recordId), run]));
  const tasks = new Map<string, number>();
  for (const task of await db.collection('rec_task').find({ customer: { $in: ids } }, { projection: { customer: 1 } }).toArray()) tasks.set(String(task.customer), (tasks.get(String(task.customer)) ?? 0) + 1);
  const complete = (doc: (typeof stored)[number]) => {
    const id = doc._id.toHexString();
    const problems: string[] = [];
    if (!/^CUS-\d{6}$/.test(String(doc.code ?? ''))) problems.push('no auto number');
    if (!history.has(id)) problems.push('no history entry');
    if (runs.get(id)?.status !== 'succeeded') problems.push(`follow-up run ${runs.get(id)?.status ?? 'missing'}`);
    if ((tasks.get(id) ?? 0) !== 1) problems.push(`${tasks.get(id) ?? 0} follow-up tasks`);
    return problems;
  };

  const failures: string[] = [];
  const counts = { sent: attempts.length, ok2xx: 0, okComplete: 0, errors: 0, errorAbsent: 0, errorCompletedByRecovery: 0, duplicates: 0, incomplete: 0 };
  const byPhase = new Map<string, { sent: number; ok: number; errors: number }>();
  for (const attempt of attempts) {
    const row = byPhase.get(attempt.phase) ?? { sent: 0, ok: 0, errors: 0 };
    row.sent += 1;
    const docs = byName.get(attempt.name) ?? [];
    if (docs.length > 1) {
      counts.duplicates += 1;
      failures.push(`${attempt.name}: stored ${docs.length} times`);
    }
    if (attempt.status === 201) {
      counts.ok2xx += 1;
      row.ok += 1;
      const doc = docs.find((candidate) => candidate._id.toHexString() === attempt.id);
      const problems = doc ? complete(doc) : ['answered 201 but not stored'];
      if (problems.length === 0) counts.okComplete += 1;
      else {
        counts.incomplete += 1;
        failures.push(`${attempt.name} (201): ${problems.join(', ')}`);
      }
    } else {
      counts.errors += 1;
      row.errors += 1;
      if (docs.length === 0) counts.errorAbsent += 1;
      else {
        const problems = complete(docs[0]);
        if (problems.length === 0) counts.errorCompletedByRecovery += 1;
        else {
          counts.incomplete += 1;
          failures.push(`${attempt.name} (${attempt.status}): stored half-made: ${problems.join(', ')}`);
        }
      }
    }
    byPhase.set(attempt.phase, row);
  }
  const statuses = new Map<string, number>();
  for (const attempt of attempts) statuses.set(String(attempt.status), (statuses.get(String(attempt.status)) ?? 0) + 1);
  for (const [id, count] of tasks) if (count !== 1) failures.push(`customer ${id}: ${count} follow-up tasks`);
  const healthDown = health.find((probe) => probe.during === 'ferretdb down');
  if (!healthDown || healthDown.status !== 503 || !healthDown.down?.includes('database') || healthDown.ms > 2000) failures.push(`health while FerretDB was down: ${JSON.stringify(healthDown)}`);
  const redisDown = health.find((probe) => probe.during === 'redis down');
  if (!redisDown || redisDown.status !== 503 || !redisDown.down?.includes('redis') || redisDown.ms > 2000) failures.push(`health while Redis was down: ${JSON.stringify(redisDown)}`);
  if (counts.ok2xx === 0) failures.push('no create succeeded at all');

  // Backup → wipe → restore, through the launcher, into an empty data folder and database.
  const backup = await backupAndRestore(db);
  failures.push(...backup.failures);

  console.log('\nfault injection: creates by phase');
  console.table(Object.fromEntries([...byPhase].map(([name, row]) => [name, row])));
  console.log('answers:', Object.fromEntries(statuses));
  console.table(counts);
  console.table(health);
  console.table(backup.table);
  for (const failure of failures.slice(0, 50)) console.log(`FAIL ${failure}`);
  const passed = failures.length === 0;
  console.log(passed ? 'fault injection: passed' : `fault injection: ${failures.length} failures`);
  if (RESULTS) writeFileSync(RESULTS, JSON.stringify({ passed, counts, byPhase: Object.fromEntries(byPhase), statuses: Object.fromEntries(statuses), health, backup: backup.table, failures }, null, 2));
  await closeMongo();
  process.exit(passed ? 0 : 1);
}

/** ./salesflow backup, then ./salesflow restore into a fresh data folder and database; compares what came back. */
async function backupAndRestore(source: Db): Promise<{ failures: string[]; table: Record<string, unknown>[] }> {
  const failures: string[] = [];
  const dir = await mkdtemp(join(process.env.SALESFLOW_DATA_DIR!, 'restore-'));
  const file = join(dir, 'faults.backup.gz');
  const env = { ...process.env };
  const run = promisify(execFile);
  await run('./salesflow', ['backup', file], { env, timeout: 180_000 });
  const names = ['rec_customer', 'rec_task', 'audit_log', 'auto_numbers', 'unique_values', 'attachments', 'workflow_runs', 'entities', 'users'];
  const before = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await collectionChecksum(source, name)] as const)));
  const restoredDb = `${process.env.SALESFLOW_DB_NAME}_restored`;
  await (await mongoClient()).db(restoredDb).dropDatabase();
  const target = join(dir, 'data');
  await run('./salesflow', ['restore', file], { env: { ...env, SALESFLOW_DATA_DIR: target, SALESFLOW_DB_NAME: restoredDb }, timeout: 180_000 });
  const restored = (await mongoClient()).db(restoredDb);
  const table: Record<string, unknown>[] = [];
  for (const name of names) {
    const after = await collectionChecksum(restored, name);
    const same = after.count === before[name].count && after.sha256 === before[name].sha256;
    table.push({ collection: name, backedUp: before[name].count, restored: after.count, checksum: same ? 'equal' : 'DIFFERENT' });
    if (!same) failures.push(`restore: ${name} has ${after.count} documents (checksum ${after.sha256.slice(0, 8)}) where the backup had ${before[name].count} (${before[name].sha256.slice(0, 8)})`);
  }
  if (!existsSync(join(target, 'metrics-token')) && existsSync(join(process.env.SALESFLOW_DATA_DIR!, 'metrics-token'))) failures.push('restore: the generated metrics token did not come back');
  await restored.dropDatabase();
  await rm(dir, { recursive: true, force: true });
  return { failures, table };
}

main().catch(async (error) => {
  console.error(`fault injection crashed: ${error instanceof Error ? error.stack : String(error)}`);
  if (RESULTS) writeFileSync(RESULTS, JSON.stringify({ passed: false, failures: [`crashed: ${String(error)}`] }));
  await closeMongo().catch(() => undefined);
  process.exit(1);
});

