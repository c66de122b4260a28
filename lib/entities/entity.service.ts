import { LRUCache } from 'lru-cache';
import { config } from '@/lib/config';
import { collection, recordCollection } from '@/lib/db/collections';
import { badRequest, entityNotFound } from '@/lib/http/errors';
import { assertSchemaCompiles } from '@/lib/validation/schema-validator';
import { ENTITY_KEY_PATTERN, FIELD_KEY_PATTERN, type EntityDefinition } from '@/lib/entities/entity.types';

const definitions = new LRUCache<string, EntityDefinition>({
  max: 1000,
  ttl: config.definitionCacheMs,
  fetchMethod: async (key) => {
    const doc = await (await collection('entities')).findOne({ _id: key });
    if (!doc) return undefined;
    const { _id, ...definition } = doc;
    return definition;
  },
});

export async function getEntity(key: string): Promise<EntityDefinition> {
  if (!ENTITY_KEY_PATTERN.test(key)) throw entityNotFound(key);
  const definition = await definitions.fetch(key);
  if (!definition) throw entityNotFound(key);
  return definition;
}

export async function listEntities(): Promise<EntityDefinition[]> {
  const docs = await (await collection('entities')).find({}).sort({ _id: 1 }).toArray();
  return docs.map(({ _id, ...definition }) => definition);
}

/** Problems that make a definition unusable; an empty list means it can be saved. */
export function definitionProblems(def: EntityDefinition): string[] {
  const problems: string[] = [];
  if (!ENTITY_KEY_PATTERN.test(def.key)) problems.push(`key "${def.key}" must match ${ENTITY_KEY_PATTERN}`);
  if (def.schema?.type !== 'object' || !def.schema.properties) problems.push('schema must be an object schema with properties');
  const properties = def.schema?.properties ?? {};
  for (const field of Object.keys(properties)) {
    if (!FIELD_KEY_PATTERN.test(field)) problems.push(`field key "${field}" must match ${FIELD_KEY_PATTERN}`);
    if (!def.fields?.[field]?.label) problems.push(`field "${field}" has no label`);
  }
  if (def.schema?.additionalProperties !== false) problems.push('schema must set additionalProperties: false');
  if (!(def.displayField in properties)) problems.push(`displayField "${def.displayField}" is not a field`);
  const known = new Set([...Object.keys(properties), 'createdAt', 'updatedAt']);
  for (const column of def.listView?.columns ?? []) if (!known.has(column)) problems.push(`list column "${column}" is not a field`);
  if (!known.has(def.listView?.sort?.field)) problems.push('listView.sort.field is not a field');
  for (const field of def.listView?.searchFields ?? []) if (!(field in properties)) problems.push(`search field "${field}" is not a field`);
  if (problems.length === 0) {
    try {
      assertSchemaCompiles(def.schema);
    } catch (error) {
      problems.push(`schema does not compile: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Creates or replaces an entity definition and the indexes its records need. */
export async function saveEntity(def: EntityDefinition): Promise<void> {
  const problems = definitionProblems(def);
  if (problems.length > 0) throw badRequest(`entity ${def.key}: ${problems.join('; ')}`);
  await (await collection('entities')).replaceOne({ _id: def.key }, def, { upsert: true });
  definitions.delete(def.key); // this process sees its own change at once
  await ensureRecordIndexes(def);
}

async function ensureRecordIndexes(def: EntityDefinition): Promise<void> {
  const records = await recordCollection(def.key);
  await records.createIndex({ _createdAt: -1 }, { name: 'created_at' });
  await records.createIndex({ _ownerId: 1 }, { name: 'owner' });
  for (const [field, presentation] of Object.entries(def.fields)) {
    if (presentation.relation) await records.createIndex({ [field]: 1 }, { name: `rel_${field}` });
  }
}
