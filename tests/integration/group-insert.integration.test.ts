import { afterAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { config } from '@/lib/config';
import { database, closeMongo } from '@/lib/db/mongo';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { MongoBulkWriteError, MongoNetworkError, type Collection } from 'mongodb';
import { groupInsert, InsertOutcomeUnknown } from '@/lib/db/group-insert';

type Doc = { _id: string; n: number };

afterAll(closeMongo);

describe('inserts shared between concurrent writes', () => {
  it('stores every document once and gives each caller its own outcome, a duplicate key included', async () => {
    const coll = (await database()).collection<{ _id: string; n: number }>(`scratch_group_insert_${Date.now()}`);
    await groupInsert(coll, { _id: 'taken', n: -1 });
    const ids = Array.from({ length: 60 }, (_, n) => (n === 30 ? 'taken' : `doc-${n}`));
    const outcomes = await Promise.allSettled(ids.map((_id, n) => groupInsert(coll, { _id, n })));
    const refused = outcomes.flatMap((outcome, n) => (outcome.status === 'rejected' ? [[n, isDuplicateKeyError(outcome.reason)]] : []));
    expect(refused).toEqual([[30, true]]);
    expect(await coll.countDocuments({})).toBe(60);
    expect((await coll.findOne({ _id: 'taken' }))?.n).toBe(-1);
    await coll.drop();
  });

  it('keeps one insert in flight, whatever the collection, and batches what waits', async () => {
    const client = await MongoClient.connect(config.mongoUri, { monitorCommands: true });
    let inFlight = 0;
    let most = 0;
    let inserts = 0;
    client.on('commandStarted', (event) => {
      if (event.commandName !== 'insert') return;
      inserts++;
      most = Math.max(most, ++inFlight);
    });
    const done = (event: { commandName: string }) => event.commandName === 'insert' && inFlight--;
    client.on('commandSucceeded', done);
    client.on('commandFailed', done);
    const db = client.db(config.dbName);
    const stamp = Date.now();
    const [records, history] = [db.collection<{ _id: string }>(`scratch_gi_records_${stamp}`), db.collection<{ _id: string }>(`scratch_gi_history_${stamp}`)];
    // As 40 concurrent creates would: a record, then its history entry.
    await Promise.all(Array.from({ length: 40 }, async (_, n) => {
      await groupInsert(records, { _id: `r${n}` });
      await groupInsert(history, { _id: `h${n}` });
    }));
    expect(await records.countDocuments({})).toBe(40);
    expect(await history.countDocuments({})).toBe(40);
    expect(most).toBe(1);
    expect(inserts).toBeLessThan(20);
    await records.drop();
    await history.drop();
    await client.close();
  });
});

describe('an insert whose connection fails mid-way', () => {
  /** A collection whose insertMany stores only some documents, then fails as a dropped connection does. */
  function flaky(coll: Collection<Doc>, stores: (doc: Doc) => boolean, readBack = true): Collection<Doc> {
    return new Proxy(coll, {
      get(target, property, receiver) {
        if (property === 'insertMany') {
          return async (docs: Doc[]) => {
            const kept = docs.filter(stores);
            if (kept.length > 0) await target.insertMany(kept);
            // What the driver throws when the socket closes during a bulk write: no write errors at all.
            throw new MongoBulkWriteError(new MongoNetworkError('connection reset by peer'), {} as never);
          };
        }
        if (property === 'find' && !readBack) return () => ({ toArray: async () => Promise.reject(new MongoNetworkError('connection refused')) });
        return Reflect.get(target, property, receiver);
      },
    });
  }

  it('reports stored only what was stored, reading the documents back', async () => {
    const real = (await database()).collection<Doc>(`scratch_group_insert_net_${Date.now()}`);
    const coll = flaky(real, (doc) => doc.n % 2 === 0);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => groupInsert(coll, { _id: `doc-${n}`, n })));
    const stored = outcomes.map((outcome) => outcome.status === 'fulfilled');
    expect(stored).toEqual([true, false, true, false, true, false, true, false, true, false]);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(MongoBulkWriteError);
    expect(await real.countDocuments({})).toBe(5);
    await real.drop();
  });

  it('says the outcome is unknown when the documents cannot be read back either', async () => {
    const real = (await database()).collection<Doc>(`scratch_group_insert_unknown_${Date.now()}`);
    const coll = flaky(real, () => true, false);
    const outcome = await groupInsert(coll, { _id: 'maybe', n: 1 }).then(() => 'stored', (error: unknown) => error);
    expect(outcome).toBeInstanceOf(InsertOutcomeUnknown);
    await real.drop();
  });
});
