import { MongoBulkWriteError, MongoServerError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

interface Pending {
  doc: Document;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Batch {
  coll: Collection<Document>;
  waiting: Pending[];
}

// Documents waiting, by namespace (the driver hands out a new Collection object for every
// db.collection() call), in the order their collections first waited.
const batches = new Map<string, Batch>();
let draining = false;
const MAX_BATCH = 500;

/** The error one document of a batch got, shaped as if it had been inserted alone. */
function errorFor(index: number, error: unknown): unknown {
  if (!(error instanceof MongoBulkWriteError)) return error;
  const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  const failure = failures.find((candidate) => candidate.index === index);
  return failure ? new MongoServerError({ code: failure.code, errmsg: failure.errmsg ?? 'write error', message: failure.errmsg ?? 'write error' }) : null;
}

async function drain(): Promise<void> {
  draining = true;
  while (batches.size > 0) {
    // One collection's documents at a time; one that keeps receiving goes to the back of the line.
    const [namespace, entry] = batches.entries().next().value as [string, Batch];
    batches.delete(namespace);
    const batch = entry.waiting.splice(0, MAX_BATCH);
    if (entry.waiting.length > 0) batches.set(namespace, entry);
    try {
      await entry.coll.insertMany(
        batch.map((item) => item.doc),
        { ordered: false },
      );
      for (const item of batch) item.resolve();
    } catch (error) {
      batch.forEach((item, index) => {
        const own = errorFor(index, error);
        if (own) item.reject(own);
        else item.resolve();
      });
    }
  }
  draining = false;
}

/**
 * Inserts one document, sharing a round trip with the inserts other requests make at the
 * same moment (group commit). At most one insert of this process is in flight, whatever the
 * collection; whatever arrives meanwhile goes in the next ones, one insertMany per collection.
 * The embedded database takes one writer at a time, and a second one waits in SQLite's busy
 * handler, which sleeps (up to 100 ms a try): a record and a history entry written at once by
 * two requests slowed both. An idle server inserts at once, a busy one commits many documents
 * per transaction: on the embedded database a batch of 8 costs about as much as one insert.
 * Each caller still sees its own outcome, a duplicate key included.
 */
export function groupInsert<T extends Document>(coll: Collection<T>, doc: OptionalUnlessRequiredId<T>): Promise<void> {
  let entry = batches.get(coll.namespace);
  if (!entry) {
    entry = { coll: coll as unknown as Collection<Document>, waiting: [] };
    batches.set(coll.namespace, entry);
  }
  const target = entry;
  const promise = new Promise<void>((resolve, reject) => target.waiting.push({ doc: doc as Document, resolve, reject }));
  if (!draining) void drain();
  return promise;
}
