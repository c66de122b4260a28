import { collection } from '@/lib/db/collections';
import type { EntityDefinition } from '@/lib/entities/entity.types';

/** Every published version of an entity, kept so an admin can see and compare what changed. */
export interface EntityVersionDoc {
  _id: string;
  entity: string;
  version: number;
  definition: EntityDefinition;
  publishedAt: Date;
  publishedBy: string;
}

export async function keepVersion(definition: EntityDefinition, publishedBy: string): Promise<void> {
  const versions = await collection('entityVersions');
  const _id = `${definition.key}@${definition.version}`;
  // A template installed again at the same version is the same version: keep the first.
  if (await versions.findOne({ _id })) return;
  await versions.insertOne({ _id, entity: definition.key, version: definition.version, definition, publishedAt: new Date(), publishedBy });
}

export async function listVersions(entity: string) {
  const docs = await (await collection('entityVersions')).find({ entity }, { projection: { definition: 0 } }).toArray();
  return docs
    .map((doc) => ({ version: doc.version, publishedAt: doc.publishedAt.toISOString(), publishedBy: doc.publishedBy }))
    .sort((a, b) => b.version - a.version);
}

export async function getVersion(entity: string, version: number): Promise<EntityDefinition | null> {
  return (await (await collection('entityVersions')).findOne({ _id: `${entity}@${version}` }))?.definition ?? null;
}
