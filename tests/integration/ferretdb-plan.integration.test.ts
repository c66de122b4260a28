import Database from 'better-sqlite3';
import { ObjectId, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combine, mongoSort } from '@/lib/records/record.filter';
import type { RecordDoc } from '@/lib/records/record.types';
import { FERRETDB_BINARIES, MISSING_BINARIES_HINT, missingBinaries, startFerretDB, type RunningFerretDB } from '@/tests/support/ferretdb';

/**
 * The plan check of issue 10: for the list's main query shapes (built by the list's own
 * `combine` and `mongoSort`), the SQL the patched FerretDB runs must search an index, never read
 * the whole table. The SQL comes from FerretDB's own debug log (fsql logs every statement as
 * ">>> <sql>" with its args; a "pushdown sql" message with `sql`/`args` attributes is read too),
 * and EXPLAIN QUERY PLAN runs on the database file, opened read-only.
 */

const DB = 'plan';
const RECORDS = 'orders';
const LIVE = { _deletedAt: { $exists: false } };
const OWNER = '6b0a2e3056fcaf0efd917601';

/** The indexes the app's records get (lib/entities/entity.service.ts ensureRecordIndexes) and those issue 10 names. */
const INDEXES: { key: Record<string, 1 | -1>; name: string }[] = [
  { key: { _createdAt: -1 }, name: 'created_at' },
  { key: { _ownerId: 1 }, name: 'owner' },
  { key: { stage: 1 }, name: 'f_stage' },
  { key: { due: -1, _id: 1 }, name: 'sort_due_desc' },
  { key: { stage: 1, due: -1, _id: -1 }, name: 'stage_due' },
  { key: { _deletedAt: 1, _createdAt: -1, _id: -1 }, name: 'live_created' },
];

interface LoggedSql {
  sql: string;
  args: unknown[];
}

/** The SELECTs on a table logged after a given log length. */
function selectsSince(server: RunningFerretDB, from: number, table: string): LoggedSql[] {
  const found: LoggedSql[] = [];
  for (const line of server.log().slice(from).split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    const msg = String(entry.msg ?? '');
    const sql = msg === 'pushdown sql' ? String(entry.sql ?? '') : msg.startsWith('>>> ') ? msg.slice(4) : '';
    if (/^\s*(WITH|SELECT)\b/i.test(sql) && sql.includes(`"${table}"`)) found.push({ sql, args: Array.isArray(entry.args) ? entry.args : [] });
  }
  // The pushdown message and fsql's line may both name the same statement.
  return found.filter((item, index) => found.findIndex((other) => other.sql === item.sql) === index);
}

/** EXPLAIN QUERY PLAN of each statement on the database file (opened read-only), logged. */
function plansOf(server: RunningFerretDB, statements: LoggedSql[]): { sql: string; plan: string[] }[] {
  const file = new Database(server.sqliteFile(DB), { readonly: true, fileMustExist: true });
  try {
    return statements.map(({ sql, args }) => {
      const plan = (file.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as unknown[])) as { detail: string }[]).map((row) => row.detail);
      console.log(`plan of ${sql}\n  ${plan.join('\n  ')}`);
      return { sql, plan };
    });
  } finally {
    file.close();
  }
}

describe('FerretDB pushdown: the list queries search an index', () => {
  const missing = missingBinaries();
  let server: RunningFerretDB;
  let table = '';

  beforeAll(async () => {
    if (missing.length > 0) return;
    server = await startFerretDB('plan', FERRETDB_BINARIES.patched, { logLevel: 'debug', logFormat: 'json', dbName: DB });
    const orders = server.db.collection(RECORDS);
    await orders.createIndexes(INDEXES.map(({ key, name }) => ({ key, name })));
    const stages = ['new', 'qualified', 'proposal', 'won', 'lost'];
    const docs: Document[] = Array.from({ length: 3000 }, (_, i) => ({
      _id: new ObjectId(`6b0a2e30${i.toString(16).padStart(16, '0')}`),
      stage: stages[i % stages.length],
      due: new Date(1.7e12 + ((i * 7919) % 3000) * 3_600_000),
      _ownerId: i % 50 === 0 ? OWNER : `6b0a2e3056fcaf0efd9${String(i % 40).padStart(5, '0')}`,
      name: `Order ${i}`,
      amount: i * 100,
      _createdAt: new Date(1.6e12 + i * 60_000),
      _updatedAt: new Date(1.6e12 + i * 60_000),
      _version: 1,
      ...(i % 10 === 0 ? { _deletedAt: new Date(1.65e12) } : {}),
    }));
    for (let i = 0; i < docs.length; i += 500) await orders.insertMany(docs.slice(i, i + 500));
    const file = new Database(server.sqliteFile(DB), { readonly: true, fileMustExist: true });
    table = (file.prepare('SELECT table_name FROM _ferretdb_collections WHERE name = ?').get(RECORDS) as { table_name: string }).table_name;
    file.close();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  const byStage = combine(LIVE, { stage: 'won' });
  const byOwner = combine(LIVE, { _ownerId: OWNER });
  const shapes: { name: string; run: (orders: Collection<RecordDoc>) => Promise<unknown> }[] = [
    { name: 'list page 1: live + select equality, sorted by a date desc + _id, 50 rows', run: (o) => o.find(byStage).sort(mongoSort([{ field: 'due', direction: 'desc' }])).limit(50).toArray() },
    { name: 'list deep page: the same, skip 400', run: (o) => o.find(byStage).sort(mongoSort([{ field: 'due', direction: 'desc' }])).skip(400).limit(50).toArray() },
    { name: 'list total: countDocuments of live + select equality', run: (o) => o.countDocuments(byStage) },
    { name: "an owner's records, newest first", run: (o) => o.find(byOwner).sort(mongoSort([{ field: 'createdAt', direction: 'desc' }])).limit(50).toArray() },
    { name: 'all live records, newest first', run: (o) => o.find(LIVE).sort(mongoSort([{ field: 'createdAt', direction: 'desc' }])).limit(50).toArray() },
    { name: 'total count of live records', run: (o) => o.countDocuments(LIVE) },
    // The names of a page's references, a history's entries, a batch's checks: records by their ids.
    { name: 'records by ids ($in), as a page reads the names it points to', run: (o) => o.find({ _id: { $in: [3, 700, 2999].map((i) => new ObjectId(`6b0a2e30${i.toString(16).padStart(16, '0')}`)) } }).toArray() },
  ];

  /**
   * A dashboard's grouped sum over a period: live, one stage, a range of dates, grouped by owner,
   * the amount summed. Beside the index it should read (the equality, then the group field, then
   * the date and the amount) sits one that narrows the dates (a KPI's): without statistics SQLite
   * took that one, then read every matching record for the owner and the amount and sorted the
   * groups — seconds at 100,000 records. The patched binary names the covering index; when one
   * holding the same fields narrows the range first (a month's query of a months × owners
   * widget), that one.
   */
  it('a grouped sum over a period reads the index that holds its groups in order', async () => {
    expect(missing, `FerretDB binaries missing: ${missing.join(', ')}; ${MISSING_BINARIES_HINT}`).toEqual([]);
    const deals = server.db.collection('deals');
    await deals.createIndexes([
      { key: { _deletedAt: 1, stage: 1, due: 1, amount: 1 }, name: 'dash_kpi' },
      { key: { _deletedAt: 1, stage: 1, _ownerId: 1, due: 1, amount: 1 }, name: 'dash_by_owner' },
    ]);
    const docs: Document[] = Array.from({ length: 2000 }, (_, i) => ({
      stage: ['won', 'lost', 'open'][i % 3],
      due: new Date(1.7e12 + (i % 730) * 86_400_000),
      _ownerId: `6b0a2e3056fcaf0efd9${String(i % 7).padStart(5, '0')}`,
      amount: 1000 + i,
    }));
    await deals.insertMany(docs);
    const file0 = new Database(server.sqliteFile(DB), { readonly: true, fileMustExist: true });
    const dealsTable = (file0.prepare('SELECT table_name FROM _ferretdb_collections WHERE name = ?').get('deals') as { table_name: string }).table_name;
    file0.close();
    const from = server.log().length;
    const period = { $gte: new Date(1.7e12 + 100 * 86_400_000), $lte: new Date(1.7e12 + 500 * 86_400_000) };
    const groups = await deals.aggregate([{ $match: { _deletedAt: null, stage: 'won', due: period } }, { $group: { _id: '$_ownerId', n: { $sum: 1 }, s0: { $sum: '$amount' } } }]).toArray();
    const expected = new Map<string, { n: number; s0: number }>();
    for (const doc of docs) {
      if (doc.stage !== 'won' || doc.due < period.$gte || doc.due > period.$lte) continue;
      const acc = expected.get(doc._ownerId) ?? { n: 0, s0: 0 };
      expected.set(doc._ownerId, { n: acc.n + 1, s0: acc.s0 + doc.amount });
    }
    expect(new Map(groups.map((group) => [group._id, { n: group.n, s0: group.s0 }]))).toEqual(expected);
    const statements = selectsSince(server, from, dealsTable).filter(({ sql }) => /GROUP BY/.test(sql));
    expect(statements.length, 'the grouped query ran in SQL').toBeGreaterThan(0);
    for (const { plan } of plansOf(server, statements)) {
      expect(plan.some((detail) => detail.includes(`${dealsTable}_dash_by_owner`)), `the group-ordered index, in:\n${plan.join('\n')}`).toBe(true);
      expect(plan.filter((detail) => /TEMP B-TREE FOR GROUP BY/.test(detail)), 'no sort of the groups').toEqual([]);
    }

    // A widget of months × owners plans the month before the owner: one month's query then reads
    // that index for its range alone (and sorts its few groups) rather than every date of the stage.
    await deals.createIndex({ _deletedAt: 1, stage: 1, due: 1, _ownerId: 1, amount: 1 }, { name: 'dash_month_owner' });
    const month = { $gte: new Date(1.7e12 + 200 * 86_400_000), $lt: new Date(1.7e12 + 230 * 86_400_000) };
    const fromMonth = server.log().length;
    const monthGroups = await deals.aggregate([{ $match: { _deletedAt: null, stage: 'won', due: month } }, { $group: { _id: '$_ownerId', n: { $sum: 1 } } }]).toArray();
    const inMonth = docs.filter((doc) => doc.stage === 'won' && doc.due >= month.$gte && doc.due < month.$lt);
    expect(monthGroups.reduce((total, group) => total + group.n, 0)).toBe(inMonth.length);
    const monthStatements = selectsSince(server, fromMonth, dealsTable).filter(({ sql }) => /GROUP BY/.test(sql));
    expect(monthStatements.length, 'the grouped query ran in SQL').toBeGreaterThan(0);
    for (const { plan } of plansOf(server, monthStatements)) {
      expect(plan.some((detail) => detail.includes(`${dealsTable}_dash_month_owner`)), `the range-first index, in:\n${plan.join('\n')}`).toBe(true);
    }
  });

  it.each(shapes)('$name', async ({ run }) => {
    expect(missing, `FerretDB binaries missing: ${missing.join(', ')}; ${MISSING_BINARIES_HINT}`).toEqual([]);
    const from = server.log().length;
    await run(server.db.collection<RecordDoc>(RECORDS));
    const statements = selectsSince(server, from, table);
    expect(statements.length, 'the patched binary logged the SELECTs it ran (debug log)').toBeGreaterThan(0);
    for (const { sql, plan } of plansOf(server, statements)) {
      // "SCAN <table>" without an index reads every row; "SEARCH … USING INDEX" or a scan of an index does not.
      const names = [table, ...[...sql.matchAll(new RegExp(`"${table}"\\s+(?:AS\\s+)?([A-Za-z_]\\w*)`, 'gi'))].map((m) => m[1])].filter((name) => !/^(WHERE|ORDER|GROUP|LIMIT|JOIN|ON)$/i.test(name));
      const tableScans = plan.filter((detail) => names.some((name) => new RegExp(`^SCAN "?${name}"?$`).test(detail.trim())));
      expect(tableScans, `a full table scan in:\n${sql}\n${plan.join('\n')}`).toEqual([]);
      expect(plan.some((detail) => /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|USING ROWID/.test(detail)), `no index used by:\n${sql}\n${plan.join('\n')}`).toBe(true);
    }
  });
});
