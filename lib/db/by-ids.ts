import type { Collection, Document, ObjectId, WithId } from 'mongodb';

const MAX_IN = 1000;

/**
 * Documents by _id in one query (per thousand): a lone `{_id}` for one id, `{_id: {$in}}` for more (both
 * served by the _id index on MongoDB and pushed into SQL by the embedded database). Order
 * is not kept; ids not found are left out.
 */
export async function findByIds<T extends Document>(
  coll: Collection<T>,
  ids: ObjectId[],
  projection?: Document,
): Promise<WithId<T>[]> {
  const unique = [...new Map(ids.map((id) => [id.toHexString(), id])).values()];
  if (unique.length === 0) return [];
  const options = projection ? { projection } : undefined;
  if (unique.length === 1) {
    const doc = (await coll.findOne({ _id: unique[0] } as never, options)) as WithId<T> | null;
    return doc ? [doc] : [];
  }
  const docs: WithId<T>[] = [];
  // A bounded $in per query, whatever the caller passes (an import undo may pass thousands).
  for (let start = 0; start < unique.length; start += MAX_IN) {
    docs.push(...((await coll.find({ _id: { $in: unique.slice(start, start + MAX_IN) } } as never, options).toArray()) as WithId<T>[]));
  }
  return docs;
}

interface WaitingRead {
  id: ObjectId;
  resolve: (doc: Document | null) => void;
  reject: (error: unknown) => void;
}

interface ReadLine {
  coll: Collection<Document>;
  waiting: WaitingRead[];
  reading: boolean;
}

const MAX_OR = 100;

// Reads waiting, by namespace (the driver hands out a new Collection object for every call).
const readLines = new Map<string, ReadLine>();

/**
 * One document by _id, read together with the ones other callers ask of the same collection
 * at the same moment: at most one read per collection is in flight in this process, and the
 * ids asked meanwhile share the next query (a burst of workflow runs each reading its record:
 * one query for 24 of them). An idle process reads at once. A failed query fails every read of
 * it. The query is an $or of `{_id}` terms, 100 at most: the embedded database finds each
 * through its _id index, where `{_id: {$in}}` reads the whole collection.
 */
export function groupFindById<T extends Document>(coll: Collection<T>, id: ObjectId): Promise<WithId<T> | null> {
  let line = readLines.get(coll.namespace);
  if (!line) {
    line = { coll: coll as unknown as Collection<Document>, waiting: [], reading: false };
    readLines.set(coll.namespace, line);
  }
  const target = line;
  const promise = new Promise<Document | null>((resolve, reject) => target.waiting.push({ id, resolve, reject }));
  if (!target.reading) void readWaiting(target);
  return promise as Promise<WithId<T> | null>;
}

async function readWaiting(line: ReadLine): Promise<void> {
  line.reading = true;
  try {
    while (line.waiting.length > 0) {
      const batch = line.waiting.splice(0, MAX_OR);
      try {
        const ids = [...new Map(batch.map((read) => [read.id.toHexString(), read.id])).values()];
        const docs = await line.coll.find(ids.length === 1 ? { _id: ids[0] } : { $or: ids.map((_id) => ({ _id })) }).toArray();
        const found = new Map(docs.map((doc) => [(doc._id as ObjectId).toHexString(), doc]));
        for (const read of batch) read.resolve(found.get(read.id.toHexString()) ?? null);
      } catch (error) {
        for (const read of batch) read.reject(error);
      }
    }
  } finally {
    line.reading = false;
    if (line.waiting.length === 0) readLines.delete(line.coll.namespace);
  }
}
