import { MongoBulkWriteError, MongoServerError, type Collection, type Document, type Filter, type OptionalUnlessRequiredId, type WithId } from 'mongodb';

interface Pending {
  doc: Document;
  resolve: (value?: unknown) => void;
  reject: (error: unknown) => void;
}

/** A conditional write that takes documents for one owner (see groupClaim). */
export interface Claim {
  /** Claims with the same key build the same statement: they share one updateMany. */
  key: string;
  /** The condition and the fields set, built when the write runs (its time is then). */
  statement: (now: Date) => { filter: Filter<Document>; set: Document };
  /** The field that names the claim holding a document, and what it starts with. */
  ownerField: string;
  owner: string;
}

interface Batch {
  kind: 'insert' | 'delete' | 'update' | 'claim';
  coll: Collection<Document>;
  /** Documents to insert, `{_id}`s to delete or claim, `{_id, set}`s to apply. */
  waiting: Pending[];
  claim?: Claim;
}

// Writes waiting, by kind and namespace (and a claim's key) (the driver hands out a new Collection object for
// every db.collection() call), in the order they first waited.
const batches = new Map<string, Batch>();
let draining = false;
// FerretDB v1 keeps each statement of an update command reading (a SQLite connection held)
// until the whole command ends, and writes each document on another connection of the same
// pool of 100: a bulkWrite of some hundred updateOne statements waits for a connection that
// never comes, and the database with it. Updates go 16 at a time. A claim names each id in an
// $or of its own (below), 100 at most: SQLite refuses an expression tree deeper than 1000.
const MAX_BATCH: Record<Batch['kind'], number> = { insert: 500, delete: 500, claim: 100, update: 16 };

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
      const batch = entry.waiting.splice(0, MAX_BATCH[entry.kind]);
      if (entry.waiting.length > 0) batches.set(namespace, entry);
      if (entry.kind === 'insert') await insertBatch(entry.coll, batch);
      else if (entry.kind === 'delete') await deleteBatch(entry.coll, batch);
      else if (entry.kind === 'update') await updateBatch(entry.coll, batch);
      else await claimBatch(entry.coll, batch, entry.claim!);
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
  return enqueue('insert', coll as unknown as Collection<Document>, doc as Document) as Promise<void>;
}

/**
 * Deletes one document by _id in the same single line of writes, sharing a `deleteMany` of
 * `$in` ids with the deletes other requests make at the same moment (a create's finished
 * intent). Resolves once the delete ran (whether or not the document was there).
 */
export function groupDelete<T extends Document>(coll: Collection<T>, id: unknown): Promise<void> {
  return enqueue('delete', coll as unknown as Collection<Document>, { _id: id }) as Promise<void>;
}

/**
 * Sets fields of the document with this _id (a `$set`), in the same single line of writes,
 * sharing a `bulkWrite` of updateOne statements with the ones other callers make at the same
 * moment (the workflow runs that end together: up to 16 statements a command). Each caller sees its own
 * outcome: a statement the database refuses fails its caller alone. (FerretDB v1 stops a bulk
 * write at its first refused statement whatever `ordered` says, and names the wrong index: so
 * when one is refused, the batch's statements are applied again one by one. A statement may
 * thus be applied twice, with the same values: use this for fields the caller alone writes,
 * such as a run held under its lease.) When the command fails as a whole (the connection
 * dropped), every statement of it fails with that error: it may or may not have been applied.
 */
export function groupSet<T extends Document>(coll: Collection<T>, id: unknown, set: Document): Promise<void> {
  return enqueue('update', coll as unknown as Collection<Document>, { _id: id, set }) as Promise<void>;
}

let claimsMade = 0;

/**
 * Takes the document with this _id when `claim`'s condition holds, in the same single line of
 * writes: the claims waiting together become one `updateMany` of `{$or: [{_id, …condition}]}`,
 * which also writes a name of its own (owner and a number) into `ownerField`, then
 * one `find` of the documents holding that name. Answers the document as the claim left it,
 * or null when the condition did not hold (or another claim of the same id in this process
 * took it first). The database decides each document on its own: on MongoDB as one write per
 * document, on the embedded FerretDB no less atomically than a findOneAndUpdate. A failed
 * command fails every claim of it; a claim whose answer was lost (the find failed) holds its
 * documents until the condition lets them go (a lease ending).
 */
export function groupClaim<T extends Document>(coll: Collection<T>, id: unknown, claim: Claim): Promise<WithId<T> | null> {
  return enqueue('claim', coll as unknown as Collection<Document>, { _id: id }, claim) as Promise<WithId<T> | null>;
}

function enqueue(kind: Batch['kind'], coll: Collection<Document>, doc: Document, claim?: Claim): Promise<unknown> {
  const key = `${kind}:${coll.namespace}${claim ? `:${claim.key}` : ''}`;
  let entry = batches.get(key);
  if (!entry) {
    entry = { kind, coll, waiting: [], claim };
    batches.set(key, entry);
  }
  const target = entry;
  const promise = new Promise<unknown>((resolve, reject) => target.waiting.push({ doc, resolve, reject }));
  if (!draining) void drain();
  return promise;
}

/**
 * One ordered bulkWrite of `$set`s by _id; when a statement is refused, each statement again on
 * its own, so that each settles with its own outcome. Never throws.
 */
async function updateBatch(coll: Collection<Document>, batch: Pending[]): Promise<void> {
  const statement = (item: Pending) => ({ filter: { _id: item.doc._id }, update: { $set: item.doc.set } });
  try {
    await coll.bulkWrite(batch.map((item) => ({ updateOne: statement(item) })), { ordered: true });
    for (const item of batch) item.resolve();
  } catch (error) {
    const refused = error instanceof MongoBulkWriteError && !error.err && (Array.isArray(error.writeErrors) ? error.writeErrors.length > 0 : Boolean(error.writeErrors));
    if (!refused) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) {
      const { filter, update } = statement(item);
      try {
        await coll.updateOne(filter, update);
        item.resolve();
      } catch (own) {
        item.reject(own);
      }
    }
  }
}

/** One updateMany taking what it can, one find of what it took; each claim settles. Never throws. */
async function claimBatch(coll: Collection<Document>, batch: Pending[], claim: Claim): Promise<void> {
  // One $or term per id, not `_id: {$in}`: the embedded database finds each term's _id through
  // its _id index, where an $in of _ids reads the whole collection (a claim that slows as the
  // runs pile up: 110 ms for 24 of 20,000).
  const ids = [...new Set(batch.map((item) => item.doc._id))];
  const owner = `${claim.owner}-${++claimsMade}`;
  try {
    const { filter, set } = claim.statement(new Date());
    await coll.updateMany({ $or: ids.map((_id) => ({ ...filter, _id })) }, { $set: { ...set, [claim.ownerField]: owner } });
    const taken = new Map((await coll.find({ $or: ids.map((_id) => ({ _id, [claim.ownerField]: owner })) }).toArray()).map((doc) => [String(doc._id), doc]));
    for (const item of batch) {
      const key = String(item.doc._id);
      item.resolve(taken.get(key) ?? null);
      // The same id twice in one batch (a job delivered twice): the first claim has it.
      taken.delete(key);
    }
  } catch (error) {
    for (const item of batch) item.reject(error);
  }
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
