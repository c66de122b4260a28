import { afterAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { config } from '@/lib/config';
import { database, closeMongo } from '@/lib/db/mongo';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupInsert } from '@/lib/db/group-insert';

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
