import { LRUCache } from 'lru-cache';
import { config } from '@/lib/config';
import { collection } from '@/lib/db/collections';
import { definitionBroken, definitionInvalid, entityNotFound } from '@/lib/errors/app-error';
import { logger } from '@/lib/logger';
import { definitionProblems, linkedFieldProblems } from '@/lib/entities/definition-problems';
import { keepVersion } from '@/lib/entities/entity.versions';
import { ENTITY_KEY_PATTERN, type EntityDefinition } from '@/lib/entities/entity.types';
import { ensureRecordIndexes } from '@/lib/records/record.indexes';

interface CachedDefinition {
  definition: EntityDefinition;
  /** What is wrong with it: a definition stored before the checks were complete. */
  problems: string[];
}

const definitions = new LRUCache<string, CachedDefinition>({
  max: 1000,
  ttl: config.definitionCacheMs,
  fetchMethod: async (key) => {
    const doc = await (await collection('entities')).findOne({ _id: key });
    // An archived entity (its template was uninstalled) is gone for the app; its records stay.
    if (!doc || doc.archived) return undefined;
    const { _id, ...definition } = doc;
    const problems = definitionProblems(definition);
    if (problems.length > 0) logger.warn({ entity: key, problems }, 'a stored entity definition cannot be used');
    return { definition, problems };
  },
});

/**
 * The published definition of an entity, ready for records. One that cannot be used (stored
 * before it was checked) answers 409 with its problems, never a 500 halfway through a write.
 */
export async function getEntity(key: string): Promise<EntityDefinition> {
  if (!ENTITY_KEY_PATTERN.test(key)) throw entityNotFound(key);
  const cached = await definitions.fetch(key);
  if (!cached) throw entityNotFound(key);
  if (cached.problems.length > 0) throw definitionBroken(key, cached.problems);
  return cached.definition;
}

/** The published definition as stored, usable or not (the designer shows it to be fixed). */
export async function findEntity(key: string): Promise<EntityDefinition | null> {
  return ENTITY_KEY_PATTERN.test(key) ? ((await definitions.fetch(key))?.definition ?? null) : null;
}

/** The entities in use; `includeArchived` adds those an uninstalled template left behind. */
export async function listEntities(options: { includeArchived?: boolean } = {}): Promise<EntityDefinition[]> {
  const docs = await (await collection('entities')).find({}).sort({ _id: 1 }).toArray();
  return docs.filter((doc) => options.includeArchived || !doc.archived).map(({ _id, ...definition }) => definition);
}

/**
 * Hides an entity from the app (navigation, APIs answer 404) or brings it back, without
 * publishing a version: its definition and records are kept as they are.
 */
export async function setEntityArchived(key: string, archived: boolean): Promise<void> {
  await (await collection('entities')).updateOne({ _id: key }, archived ? { $set: { archived: true } } : { $unset: { archived: '' } });
  definitions.delete(key);
  const def = archived ? undefined : await findEntity(key);
  if (def) await ensureRecordIndexes(def); // its records may have been dropped meanwhile
}

/**
 * Relations must point at entities that exist (or at the entity itself), and what reads their
 * fields (linked fills, picker columns) must name fields they have.
 */
export async function relationProblems(def: EntityDefinition): Promise<string[]> {
  const problems: string[] = [];
  const known = new Map<string, EntityDefinition>();
  const targets = def.fields.flatMap((field) => [field, ...(field.fields ?? [])]).filter((field) => field.type === 'relation');
  for (const field of targets) {
    const target = field.relation?.entity;
    if (!target || target === def.key || known.has(target)) continue;
    const found = await findEntity(target);
    if (found) known.set(target, found);
    else problems.push(`${field.key}: entity "${target}" does not exist`);
  }
  return [...problems, ...linkedFieldProblems(def, (key) => known.get(key))];
}

/**
 * Stores a definition as the published one, keeps it as a version and builds the indexes
 * its records need. Callers decide the version number (templates carry theirs; the designer
 * counts publications).
 */
export async function saveEntity(def: EntityDefinition, publishedBy = 'template'): Promise<void> {
  const problems = definitionProblems(def);
  if (problems.length > 0) throw definitionInvalid(`entity ${String(def.key)}`, problems);
  // Indexes first: a failure there leaves no definition stored that its records cannot serve.
  await ensureRecordIndexes(def);
  await (await collection('entities')).replaceOne({ _id: def.key }, def, { upsert: true });
  definitions.delete(def.key); // this process sees its own change at once
  await keepVersion(def, publishedBy);
  // A rollup reads its source entity by its match fields: the source's plan includes that lookup.
  const sources = new Set(def.fields.flatMap((field) => (field.type === 'rollup' && field.rollup?.entity && field.rollup.entity !== def.key ? [field.rollup.entity] : [])));
  for (const source of sources) {
    const sourceDef = await findEntity(source);
    if (sourceDef) await ensureRecordIndexes(sourceDef);
  }
}
