import { afterAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { config } from '@/lib/config';
import { database, closeMongo } from '@/lib/db/mongo';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { MongoBulkWriteError, MongoNetworkError, MongoServerError, ObjectId, type Collection } from 'mongodb';
import { groupFindById } from '@/lib/db/by-ids';
import { groupClaim, groupInsert, groupSet, InsertOutcomeUnknown, type Claim } from '@/lib/db/group-insert';

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

/** A client of its own that counts the commands of each name it sends. */
async function countingClient() {
  const client = await MongoClient.connect(config.mongoUri, { monitorCommands: true });
  const sent = new Map<string, number>();
  client.on('commandStarted', (event) => sent.set(event.commandName, (sent.get(event.commandName) ?? 0) + 1));
  return { client, db: client.db(config.dbName), sent };
}

describe('updates shared between concurrent writes', () => {
  it('applies each $set, and a statement the database refuses fails its caller alone', async () => {
    const { client, db, sent } = await countingClient();
    const coll = db.collection<{ _id: string; n: number | string; done?: boolean; 'n.part'?: number }>(`scratch_group_set_${Date.now()}`);
    await coll.insertMany(Array.from({ length: 40 }, (_, n) => ({ _id: `doc-${n}`, n: n === 17 ? 'text' : n })));
    sent.clear();
    // doc-17's n is a string: setting a field inside it is refused (code 28 on MongoDB and FerretDB).
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, n) => groupSet(coll, `doc-${n}`, n === 17 ? { 'n.part': 1 } : { done: true })));
    const refused = outcomes.flatMap((outcome, n) => (outcome.status === 'rejected' ? [[n, (outcome.reason as MongoServerError).code]] : []));
    expect(refused).toEqual([[17, 28]]);
    const docs = await coll.find({}).toArray();
    expect(docs.filter((doc) => doc.done).map((doc) => doc._id).sort()).toEqual(Array.from({ length: 40 }, (_, n) => `doc-${n}`).filter((id) => id !== 'doc-17').sort());
    expect(docs.find((doc) => doc._id === 'doc-17')).toEqual({ _id: 'doc-17', n: 'text' });
    await coll.drop();
    await client.close();
  });

  it('sends fewer commands than callers when they write at once', async () => {
    const { client, db, sent } = await countingClient();
    const coll = db.collection<{ _id: string; n: number }>(`scratch_group_set_count_${Date.now()}`);
    await coll.insertMany(Array.from({ length: 48 }, (_, n) => ({ _id: `doc-${n}`, n })));
    sent.clear();
    await Promise.all(Array.from({ length: 48 }, (_, n) => groupSet(coll, `doc-${n}`, { n: n * 2 })));
    expect((await coll.find({}).toArray()).every((doc) => doc.n === Number(doc._id.slice(4)) * 2)).toBe(true);
    expect(sent.get('update')).toBeLessThanOrEqual(6);
    await coll.drop();
    await client.close();
  });
});

describe('claims shared between concurrent takers', () => {
  type Job = { _id: string; status: string; holder?: string | null; attempts?: number };
  const claim = (attempts: number): Claim => ({
    key: String(attempts),
    statement: () => ({ filter: { status: 'open', $or: [{ holder: null }, { holder: { $exists: false } }] }, set: { status: 'taken', attempts } }),
    ownerField: 'holder',
    owner: 'test-worker',
  });

  it('gives each taker the document it took, null for one it could not, and one id to one taker', async () => {
    const { client, db, sent } = await countingClient();
    const coll = db.collection<Job>(`scratch_group_claim_${Date.now()}`);
    await coll.insertMany(Array.from({ length: 30 }, (_, n) => ({ _id: `job-${n}`, status: n % 5 === 0 ? 'done' : 'open', holder: null })));
    sent.clear();
    // job-1 asked for twice at once: only one of the two may have it.
    const ids = [...Array.from({ length: 30 }, (_, n) => `job-${n}`), 'job-1'];
    const answers = await Promise.all(ids.map((id) => groupClaim(coll, id, claim(1))));
    ids.forEach((id, index) => {
      const n = Number(id.slice(4));
      if (index === 30) expect(answers[index]).toBeNull();
      else if (n % 5 === 0) expect(answers[index]).toBeNull();
      else expect(answers[index]).toMatchObject({ _id: id, status: 'taken', attempts: 1, holder: expect.stringMatching(/^test-worker-\d+$/) });
    });
    expect(sent.get('update')! + sent.get('find')!).toBeLessThan(12);
    // Held now: nobody takes them again, and the done ones stay as they were.
    expect((await Promise.all(ids.map((id) => groupClaim(coll, id, claim(2))))).every((answer) => answer === null)).toBe(true);
    expect(await coll.countDocuments({ status: 'taken', attempts: 1 })).toBe(24);
    expect(await coll.countDocuments({ status: 'done', holder: null })).toBe(6);
    await coll.drop();
    await client.close();
  });
});

describe('reads by _id shared between concurrent readers', () => {
  it('answers each reader with its document, or null for one that is not there, in fewer queries', async () => {
    const { client, db, sent } = await countingClient();
    const coll = db.collection<{ _id: ObjectId; n: number }>(`scratch_group_read_${Date.now()}`);
    const ids = Array.from({ length: 40 }, () => new ObjectId());
    await coll.insertMany(ids.slice(0, 30).map((_id, n) => ({ _id, n })));
    sent.clear();
    const found = await Promise.all([...ids, ids[3]].map((id) => groupFindById(coll, id)));
    expect(found.map((doc) => doc?.n ?? null)).toEqual([...Array.from({ length: 40 }, (_, n) => (n < 30 ? n : null)), 3]);
    expect(sent.get('find')).toBeLessThan(6);
    await coll.drop();
    await client.close();
  });
});
