import { MongoBulkWriteError, MongoServerError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

interface Pending {
  doc: Document;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Batch {
  kind: 'insert' | 'delete';
  coll: Collection<Document>;
  /** Documents to insert, or `{_id}`s to delete. */
  waiting: Pending[];
}

// Writes waiting, by kind and namespace (the driver hands out a new Collection object for
// every db.collection() call), in the order they first waited.
const batches = new Map<string, Batch>();
let draining = false;
const MAX_BATCH = 500;

/**
 * An insert whose outcome is not known: the connection failed while it was in flight, and
 * reading the document back failed too. It may or may not be stored; whoever asked must treat
 * it as such (the record service leaves an intent for the recovery sweep).
 */
export class InsertOutcomeUnknown extends Error {
  constructor(readonly cause: unknown) {
    super(`the insert may or may not have been stored: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'InsertOutcomeUnknown';
  }
}

type Outcome = { kind: 'inserted' } | { kind: 'failed'; error: unknown } | { kind: 'unknown' };

/**
 * What an unordered insertMany's error says about each document. The server ran the batch
 * when it answers with write errors: the documents it names failed, the others are stored.
 * Any other error (the driver wraps a network error or a write-concern failure as a
 * MongoBulkWriteError with no write errors) says nothing about any document: unknown.
 */
export function outcomesOf(count: number, error: unknown): Outcome[] {
  const failures = error instanceof MongoBulkWriteError ? (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]) : [];
  const ranOnServer = error instanceof MongoBulkWriteError && failures.length > 0 && !error.err;
  return Array.from({ length: count }, (_, index): Outcome => {
    if (!ranOnServer) return { kind: 'unknown' };
    const failure = failures.find((candidate) => candidate.index === index);
    return failure ? { kind: 'failed', error: new MongoServerError({ code: failure.code, errmsg: failure.errmsg ?? 'write error', message: failure.errmsg ?? 'write error' }) } : { kind: 'inserted' };
  });
}

export type InsertOutcome = { kind: 'inserted' } | { kind: 'failed'; error: unknown };

/**
 * insertMany (unordered) with each document's own outcome, in order: inserted, or failed with
 * its error (a duplicate key, or InsertOutcomeUnknown when the connection failed and the
 * document could not be read back). Every batch write of records goes through here.
 */
export async function insertManyOutcomes<T extends Document>(coll: Collection<T>, docs: OptionalUnlessRequiredId<T>[]): Promise<InsertOutcome[]> {
  const outcomes: InsertOutcome[] = [];
  const pending: Pending[] = docs.map((doc, index) => ({
    doc: doc as Document,
    resolve: () => (outcomes[index] = { kind: 'inserted' }),
    reject: (error: unknown) => (outcomes[index] = { kind: 'failed', error }),
  }));
  if (pending.length > 0) await insertBatch(coll as unknown as Collection<Document>, pending);
  return outcomes;
}

/** Settles the documents whose outcome is unknown by reading them back: found means stored. */
async function settleUnknown(coll: Collection<Document>, items: Pending[], cause: unknown): Promise<void> {
  let stored: Set<unknown>;
  try {
    const found = await coll.find({ _id: { $in: items.map((item) => item.doc._id) } }, { projection: { _id: 1 } }).toArray();
    stored = new Set(found.map((doc) => String(doc._id)));
  } catch {
    for (const item of items) item.reject(new InsertOutcomeUnknown(cause));
    return;
  }
  for (const item of items) {
    if (stored.has(String(item.doc._id))) item.resolve();
    else item.reject(cause);
  }
}

async function drain(): Promise<void> {
  draining = true;
  // draining is cleared in the same synchronous step that finds nothing waiting: an insert
  // queued in between would otherwise wait for a drain that never comes.
  try {
    while (batches.size > 0) {
      // One collection's documents at a time; one that keeps receiving goes to the back of the line.
      const [namespace, entry] = batches.entries().next().value as [string, Batch];
      batches.delete(namespace);
      const batch = entry.waiting.splice(0, MAX_BATCH);
      if (entry.waiting.length > 0) batches.set(namespace, entry);
      if (entry.kind === 'insert') await insertBatch(entry.coll, batch);
      else await deleteBatch(entry.coll, batch);
    }
  } finally {
    draining = false;
  }
}

/** One unordered insertMany; each document settles with its own outcome. Never throws. */
async function insertBatch(coll: Collection<Document>, batch: Pending[]): Promise<void> {
  try {
    await coll.insertMany(
      batch.map((item) => item.doc),
      { ordered: false },
    );
    for (const item of batch) item.resolve();
  } catch (error) {
    const outcomes = outcomesOf(batch.length, error);
    const unknown: Pending[] = [];
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome.kind === 'inserted') item.resolve();
      else if (outcome.kind === 'failed') item.reject(outcome.error);
      else unknown.push(item);
    });
    if (unknown.length > 0) await settleUnknown(coll, unknown, error);
  }
}

/**
 * Inserts one document, sharing a round trip with the inserts other requests make at the
 * same moment (group commit). At most one insert of this process is in flight, whatever the
 * collection; whatever arrives meanwhile goes in the next ones, one insertMany per collection.
 * The embedded database takes one writer at a time, and a second one waits in SQLite's busy
 * handler, which sleeps (up to 100 ms a try): a record and a history entry written at once by
 * two requests slowed both. An idle server inserts at once, a busy one commits many documents
 * per transaction: on the embedded database a batch of 8 costs about as much as one insert. Each caller sees its own outcome: stored,
 * its own error (a duplicate key included), or — when the connection failed mid-way and the
 * document could not be read back — InsertOutcomeUnknown. A document is never reported
 * stored unless the server said so or it was read back.
 */
export function groupInsert<T extends Document>(coll: Collection<T>, doc: OptionalUnlessRequiredId<T>): Promise<void> {
  return enqueue('insert', coll as unknown as Collection<Document>, doc as Document);
}

/**
 * Deletes one document by _id in the same single line of writes, sharing a `deleteMany` of
 * `$in` ids with the deletes other requests make at the same moment (a create's finished
 * intent). Resolves once the delete ran (whether or not the document was there).
 */
export function groupDelete<T extends Document>(coll: Collection<T>, id: unknown): Promise<void> {
  return enqueue('delete', coll as unknown as Collection<Document>, { _id: id });
}

function enqueue(kind: Batch['kind'], coll: Collection<Document>, doc: Document): Promise<void> {
  const key = `${kind}:${coll.namespace}`;
  let entry = batches.get(key);
  if (!entry) {
    entry = { kind, coll, waiting: [] };
    batches.set(key, entry);
  }
  const target = entry;
  const promise = new Promise<void>((resolve, reject) => target.waiting.push({ doc, resolve, reject }));
  if (!draining) void drain();
  return promise;
}

/** One deleteMany by the batch's ids; every delete of the batch shares its outcome. Never throws. */
async function deleteBatch(coll: Collection<Document>, batch: Pending[]): Promise<void> {
  try {
    await coll.deleteMany({ _id: { $in: batch.map((item) => item.doc._id) } });
    for (const item of batch) item.resolve();
  } catch (error) {
    for (const item of batch) item.reject(error);
  }
}
