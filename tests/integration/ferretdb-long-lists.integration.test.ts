import { Int32, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FERRETDB_BINARIES, MISSING_BINARIES_HINT, missingBinaries, pushdownCounters, startFerretDB, type RunningFerretDB } from '@/tests/support/ferretdb';
import { canonical } from '@/tests/support/pushdown-data';

/**
 * Long condition lists through the patched FerretDB: `{recordId: {$in: <1,500 ids>}}` once
 * failed with SQLite's "Expression tree is too large (maximum depth 1000)", because each value
 * became its own OR branch. SQLite also refuses more than 32,766 parameters in one statement.
 * Whatever the length, the patched binary must answer as the released one does; lists it can
 * say in SQL stay pushed down, longer ones are filtered by the handler. An update command of
 * many statements must finish too (patch 0008).
 */

const DOCS = 3_000;
const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `r${from + i}`);

describe('FerretDB pushdown: long $in, $nin, $or and $and lists', () => {
  const missing = missingBinaries();
  let upstream: RunningFerretDB;
  let patched: RunningFerretDB;

  beforeAll(async () => {
    if (missing.length > 0) return;
    [upstream, patched] = await Promise.all([startFerretDB('upstream', FERRETDB_BINARIES.upstream), startFerretDB('patched', FERRETDB_BINARIES.patched)]);
    // recordId is a string in most documents and an array of two ids in every tenth, so the
    // element branch of $in is in the SQL too; status is one of three strings.
    const docs: Document[] = Array.from({ length: DOCS }, (_, i) => ({
      _id: new Int32(i),
      recordId: i % 10 === 0 ? [`r${i}`, `r${i + 1}`] : `r${i}`,
      status: ['open', 'succeeded', 'failed'][i % 3],
      n: new Int32(i % 97),
    }));
    for (const server of [upstream, patched]) {
      const runs = server.db.collection('runs');
      await runs.createIndexes([{ key: { recordId: 1 }, name: 'recordId' }, { key: { status: 1 }, name: 'status' }]);
      for (let i = 0; i < docs.length; i += 500) await runs.insertMany(docs.slice(i, i + 500));
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([upstream?.stop(), patched?.stop()]);
  });

  it('answers as the released binary, whatever the length', async () => {
    expect(missing, `FerretDB binaries missing: ${missing.join(', ')}; ${MISSING_BINARIES_HINT}`).toEqual([]);
    const cases: Array<{ what: string; filter: Document }> = [
      { what: '$in of 1,500 ids', filter: { recordId: { $in: ids(100, 1_500) } } },
      { what: '$in of 1,500 ids and $nin of two statuses', filter: { recordId: { $in: ids(100, 1_500) }, status: { $nin: ['succeeded', 'failed'] } } },
      { what: '$nin of 2,000 ids', filter: { recordId: { $nin: ids(0, 2_000) } } },
      { what: '$in of 12,000 ids (past the parameter bound)', filter: { recordId: { $in: ids(0, 12_000) } } },
      { what: 'two $in of 9,000 ids each', filter: { $and: [{ recordId: { $in: ids(0, 9_000) } }, { recordId: { $in: ids(500, 9_000) } }] } },
      { what: '$or of 220 branches (past the term bound)', filter: { $or: ids(1_000, 220).map((id) => ({ recordId: id })) } },
      { what: '$and of 220 conditions', filter: { $and: Array.from({ length: 220 }, (_, i) => ({ _id: { $ne: new Int32(i) } })) } },
    ];
    for (const { what, filter } of cases) {
      const [expected, actual] = await Promise.all(
        [upstream, patched].map(async (server) => {
          const runs = server.db.collection('runs');
          const found = await runs.find(filter, { projection: { _id: 1 }, sort: { _id: 1 }, promoteValues: false }).toArray();
          return { ids: canonical(found.map((doc) => doc._id)), count: await runs.countDocuments(filter), page: canonical(await runs.find(filter, { sort: { recordId: 1, _id: 1 }, skip: 20, limit: 10 }).toArray()) };
        }),
      );
      expect(actual, what).toEqual(expected);
      expect(expected.count, `${what} matches something`).toBeGreaterThan(0);
    }
  });

  it('finishes an update command of 300 statements (the released binary holds a connection per statement and waits forever past 100)', async () => {
    expect(missing, `FerretDB binaries missing: ${missing.join(', ')}; ${MISSING_BINARIES_HINT}`).toEqual([]);
    const runs = patched.db.collection('runs');
    const statements = Array.from({ length: 300 }, (_, i) => ({ updateOne: { filter: { _id: new Int32(i) }, update: { $set: { touched: new Int32(i) } } } }));
    const hung = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the update command did not finish within 30 s')), 30_000).unref());
    const result = await Promise.race([runs.bulkWrite(statements, { ordered: true }), hung]);
    expect(result.matchedCount).toBe(300);
    expect(await runs.countDocuments({ touched: { $exists: true } })).toBe(300);
  }, 60_000);

  it('keeps a 1,500-id $in in SQL', async () => {
    const before = await pushdownCounters(patched.db);
    await patched.db.collection('runs').find({ recordId: { $in: ids(100, 1_500) } }).toArray();
    const after = await pushdownCounters(patched.db);
    expect(before && after, 'serverStatus.pushdown is reported').toBeTruthy();
    expect((after!.whereExact ?? 0) - (before!.whereExact ?? 0)).toBe(1);
  });
});
