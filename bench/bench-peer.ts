/**
 * The peer benchmark (../shared/peers/salesflow-bench.mjs, the same phases its NocoBase twin
 * runs) against this benchmark's app: an entity `bench_customer` defined through the API,
 * 2,000 sequential creates, 5,000 from 8 clients, a top-up to 20,000, then page 1 and page 200
 * of `source = web` by a date, descending. Its figures go into the table beside NocoBase's
 * (SQLite) from ../shared/peers/README.md, measured there on a quiet machine (2026-11-28):
 * compare on an idle machine, and NocoBase itself in the same session when it is installed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ADMIN, BASE_URL } from '../tests/support/http';
import type { ResultRow } from './results-table';
import { progress } from './timing';

/** NocoBase 2.2.15 on SQLite, from ../shared/peers/README.md. */
const NOCOBASE = {
  sequential: 108.9,
  concurrent: 17.2,
  page1: { median: 10.2, p95: 16.0 },
  page200: { median: 21.1, p95: 24.5 },
  page200Unfiltered: { median: 28.8, p95: 32.7 },
};

function peerScript(): string | null {
  const candidates = [process.env.BENCH_PEER_SCRIPT, '../shared/peers/salesflow-bench.mjs', '../../shared/peers/salesflow-bench.mjs', '/work/shared/peers/salesflow-bench.mjs'];
  for (const candidate of candidates) if (candidate && existsSync(resolve(candidate))) return resolve(candidate);
  return null;
}

interface PeerPhase {
  phase: string;
  recordsPerSec?: number;
  errors?: number;
  firstError?: string | null;
  reqMs?: { median: number; p95: number; max: number } | null;
}

interface PeerLatency {
  label: string;
  medianMs: number;
  p95Ms: number;
  meta: { total: number } | null;
}

export async function benchPeer(ctx: { rows: ResultRow[]; details: Record<string, unknown>; webPid?: number }): Promise<void> {
  const script = peerScript();
  if (!script) {
    progress('peer: ../shared/peers/salesflow-bench.mjs not found (BENCH_PEER_SCRIPT): skipped');
    return;
  }
  const out = join(process.env.SALESFLOW_DATA_DIR ?? join(process.cwd(), 'data', 'bench'), 'peer-salesflow.json');
  progress(`peer: ${script} against ${BASE_URL} (about 20,000 creates, then the list pages)`);
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, [script, '--base', BASE_URL, '--out', out, ...(ctx.webPid ? ['--pid', String(ctx.webPid)] : [])], {
      env: { ...process.env, SF_ADMIN: ADMIN.email, SF_PASS: ADMIN.password },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('exit', done);
  });
  if (!existsSync(out)) {
    progress(`peer: the script exited (${code}) without results`);
    return;
  }
  const results = JSON.parse(readFileSync(out, 'utf8')) as { phases: PeerPhase[]; latency?: PeerLatency[]; error?: string; rowsTotal?: number };
  ctx.details.peer = results;
  if (results.error) progress(`peer: ${results.error.split('\n')[0]}`);
  const phase = (prefix: string) => results.phases.find((candidate) => candidate.phase.startsWith(prefix));
  const sequential = phase('(a)');
  const concurrent = phase('(b)');
  if (sequential?.recordsPerSec !== undefined) {
    ctx.rows.push({
      measure: 'peer (a) 2,000 sequential creates',
      salesflow: { value: sequential.recordsPerSec, unit: '/s', note: `${sequential.errors} errors, p95 ${sequential.reqMs?.p95} ms` },
      target: { text: `NocoBase ${NOCOBASE.sequential} /s`, met: sequential.recordsPerSec >= NOCOBASE.sequential && sequential.errors === 0 },
    });
  }
  if (concurrent?.recordsPerSec !== undefined) {
    const several = 3 * NOCOBASE.concurrent;
    ctx.rows.push({
      measure: 'peer (b) 5,000 creates, 8 clients',
      salesflow: { value: concurrent.recordsPerSec, unit: '/s', note: `${concurrent.errors} errors, p95 ${concurrent.reqMs?.p95} ms` },
      target: { text: `≥ 3 × NocoBase's ${NOCOBASE.concurrent} /s, 0 errors`, met: concurrent.recordsPerSec >= several && concurrent.errors === 0 },
    });
  }
  const references = [NOCOBASE.page1, NOCOBASE.page200, NOCOBASE.page200Unfiltered];
  for (const [index, latency] of (results.latency ?? []).entries()) {
    const reference = references[index];
    ctx.rows.push({
      measure: `peer ${latency.label} (of ${(latency.meta?.total ?? results.rowsTotal ?? 0).toLocaleString('en-US')})`,
      salesflow: { value: latency.p95Ms, unit: 'ms', note: `p95, median ${latency.medianMs} ms` },
      ...(reference ? { target: { text: `NocoBase ${reference.median} / ${reference.p95} ms`, met: latency.medianMs <= reference.median && latency.p95Ms <= reference.p95 } } : {}),
    });
  }
}
