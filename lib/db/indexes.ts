import { MongoServerError, type Collection, type Db, type Document } from 'mongodb';

/**
 * Where index knowledge lives: the indexes of the system collections (below) and the mechanism
 * that brings a collection's indexes to a wanted list. The indexes of record collections are
 * planned from entity definitions in lib/records/record.indexes.ts and applied with syncIndexes.
 *
 * The same indexes serve MongoDB in production and the embedded FerretDB, whose SQLite backend
 * also builds an order-exact expression index for each, so a query whose equality conditions
 * are a prefix of an index's keys and whose sort is the rest walks that index in order.
 */
export interface IndexSpec {
  name: string;
  /** In order: equality keys first, then the sort (with the _id tiebreak) when the index serves one. */
  key: Record<string, 1 | -1>;
  unique?: boolean;
}

/** Which existing indexes a sync may drop when they are not wanted: only those the platform made. */
export type OwnIndex = (name: string) => boolean;

/** Indexes the platform makes today carry this prefix; the sync drops those no longer wanted. */
export const OWN_INDEX_PREFIX = 'sf_';

const sameKey = (a: Document, b: Document) => JSON.stringify(Object.entries(a)) === JSON.stringify(Object.entries(b));

function isNamespaceNotFound(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 26;
}

async function existingIndexes(coll: Collection<Document>): Promise<{ name: string; key: Document; unique?: boolean }[]> {
  try {
    return (await coll.listIndexes().toArray()) as { name: string; key: Document; unique?: boolean }[];
  } catch (error) {
    if (isNamespaceNotFound(error)) return [];
    throw error;
  }
}

/**
 * Brings a collection's indexes to `wanted`, idempotently: creates what is missing, replaces an
 * index of ours whose keys changed, and drops indexes of ours (`own`) that are no longer
 * wanted. An index someone else made on the same keys counts as present and is never dropped.
 * Returns what changed.
 */
export async function syncIndexes<T extends Document>(coll: Collection<T>, wanted: IndexSpec[], own: OwnIndex): Promise<{ created: string[]; dropped: string[] }> {
  const target = coll as unknown as Collection<Document>;
  const existing = await existingIndexes(target);
  const created: string[] = [];
  const dropped: string[] = [];
  const drop = async (name: string) => {
    await target.dropIndex(name).catch((error: unknown) => {
      // 27 IndexNotFound: another process dropped it first.
      if (!(error instanceof MongoServerError && (error.code === 27 || error.code === 26))) throw error;
    });
    dropped.push(name);
  };
  for (const index of existing) {
    if (index.name === '_id_' || !own(index.name)) continue;
    const match = wanted.find((spec) => spec.name === index.name);
    // An index of ours that is no longer wanted, or whose keys changed, goes (a changed one is made again below).
    if (!match || !sameKey(match.key, index.key) || Boolean(match.unique) !== Boolean(index.unique)) await drop(index.name);
  }
  const kept = existing.filter((index) => !dropped.includes(index.name));
  for (const spec of wanted) {
    if (kept.some((index) => index.name === spec.name || sameKey(index.key, spec.key))) continue;
    try {
      await target.createIndex(spec.key, { name: spec.name, ...(spec.unique ? { unique: true } : {}) });
      created.push(spec.name);
    } catch (error) {
      // 85 IndexOptionsConflict / 86 IndexKeySpecsConflict: another process made it meanwhile.
      if (!(error instanceof MongoServerError && (error.code === 85 || error.code === 86))) throw error;
    }
  }
  return { created, dropped };
}

/**
 * The system collections' indexes, each serving a query the platform makes (named beside it).
 * Names without the prefix were made by migrations (0001, 0002, 0005) and are kept as they are.
 */
export const SYSTEM_INDEXES: Record<string, IndexSpec[]> = {
  // Sign-in finds the user by email.
  users: [{ name: 'email_unique', key: { email: 1 }, unique: true }],
  // Every API call finds its token by hash (then cached).
  api_tokens: [{ name: 'token_hash_unique', key: { tokenHash: 1 }, unique: true }],
  workflow_runs: [
    // The runs list, newest first.
    { name: 'created_at', key: { createdAt: -1 } },
    // The runs list by status, and the worker's sweep of runs queued before a cutoff.
    { name: 'status_created_at', key: { status: 1, createdAt: -1 } },
    // A record's runs, newest first.
    { name: 'sf_record_created_at', key: { recordId: 1, createdAt: -1 } },
  ],
  // Saved views of an entity.
  views: [{ name: 'entity', key: { entity: 1 } }],
  auto_numbers: [
    // The last number of a sequence.
    { name: 'sequence', key: { entity: 1, field: 1, period: 1, counter: -1 } },
    // A record's number, found by its claim when a create is completed after a crash.
    { name: 'record', key: { entity: 1, field: 1, recordId: 1 } },
  ],
  // The recovery sweep finds creates left unfinished by their age.
  write_intents: [{ name: 'at', key: { at: 1 } }],
  // An entity's versions.
  entity_versions: [{ name: 'entity_version', key: { entity: 1, version: -1 } }],
  // An import's list, newest first, per entity (and per person for staff).
  imports: [{ name: 'sf_entity_created_at', key: { entity: 1, createdAt: -1 } }],
  // Undoing an import reads the updates it made.
  import_updates: [{ name: 'sf_import', key: { importId: 1 } }],
  // The history is read by entry id (entity:record:version), never by a query: no index but _id,
  // so a write pays for one index less.
  audit_log: [],
  // A visitor's link finds its form by slug.
  public_forms: [{ name: 'sf_slug_unique', key: { slug: 1 }, unique: true }],
  // A form's versions.
  public_form_versions: [{ name: 'sf_form_version', key: { form: 1, version: -1 } }],
};

/** Indexes earlier versions made that nothing asks for any more (each costs every write). */
const RETIRED_SYSTEM_INDEXES: Record<string, string[]> = {
  audit_log: ['record_history'],
  workflow_runs: ['record'],
};

/** Brings every system collection's indexes to SYSTEM_INDEXES (setup runs it on every start). */
export async function syncSystemIndexes(db: Db): Promise<void> {
  for (const [name, wanted] of Object.entries(SYSTEM_INDEXES)) {
    const retired = RETIRED_SYSTEM_INDEXES[name] ?? [];
    await syncIndexes(db.collection(name), wanted, (index) => index.startsWith(OWN_INDEX_PREFIX) || retired.includes(index));
  }
}
