import { MongoBulkWriteError, MongoServerError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

interface Pending {
  doc: Document;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Queue {
  inFlight: boolean;
  waiting: Pending[];
}

// By namespace: the driver hands out a new Collection object for every db.collection() call.
const queues = new Map<string, Queue>();
const MAX_BATCH = 500;

/** The error one document of a batch got, shaped as if it had been inserted alone. */
function errorFor(index: number, error: unknown): unknown {
  if (!(error instanceof MongoBulkWriteError)) return error;
  const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  const failure = failures.find((candidate) => candidate.index === index);
  return failure ? new MongoServerError({ code: failure.code, errmsg: failure.errmsg ?? 'write error', message: failure.errmsg ?? 'write error' }) : null;
}

async function drain(coll: Collection<Document>, queue: Queue): Promise<void> {
  queue.inFlight = true;
  while (queue.waiting.length > 0) {
    const batch = queue.waiting.splice(0, MAX_BATCH);
    try {
      await coll.insertMany(
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
  queue.inFlight = false;
}

/**
 * Inserts one document, sharing a round trip with the inserts other requests make at the
 * same moment (group commit). At most one insert per collection is in flight; whatever
 * arrives meanwhile goes in the next one as a single insertMany. An idle server inserts at
 * once, a busy one commits many documents per transaction: on the embedded database a
 * batch of 8 costs about as much as one insert. Each caller still sees its own outcome,
 * a duplicate key included.
 */
export function groupInsert<T extends Document>(coll: Collection<T>, doc: OptionalUnlessRequiredId<T>): Promise<void> {
  let queue = queues.get(coll.namespace);
  if (!queue) {
    queue = { inFlight: false, waiting: [] };
    queues.set(coll.namespace, queue);
  }
  const target = queue;
  const promise = new Promise<void>((resolve, reject) => target.waiting.push({ doc: doc as Document, resolve, reject }));
  if (!target.inFlight) void drain(coll as unknown as Collection<Document>, target);
  return promise;
}
