import { afterAll, describe, expect, it } from 'vitest';
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
});
