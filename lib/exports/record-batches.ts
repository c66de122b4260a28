import type { Filter } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { RefNameCache, resolveRefs } from '@/lib/records/record.refs';
import type { RecordDoc, RefItem } from '@/lib/records/record.types';
import type { ExportColumn } from './export-columns';

export interface RecordBatch {
  docs: RecordDoc[];
  /** The names of what each record points to (owner, relations, users), by field key. */
  refs: Record<string, RefItem[]>[];
}

export const EXPORT_BATCH_SIZE = 500;

/**
 * The selected records, a batch at a time, read from one cursor (never all of them at once),
 * with the names of related records and users looked up once per batch.
 */
export async function* recordBatches(
  def: EntityDefinition,
  selection: { filter: Filter<RecordDoc>; sort: Record<string, 1 | -1> },
  columns: ExportColumn[],
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<RecordBatch> {
  const projection: Record<string, 1> = { _ownerId: 1, _createdAt: 1, _updatedAt: 1 };
  for (const column of columns) if (column.field) projection[column.key] = 1;
  // Customers, owners and the like repeat from batch to batch: each is looked up once.
  const names = new RefNameCache();
  const cursor = (await recordCollection(def.key)).find(selection.filter, { projection }).sort(selection.sort).batchSize(batchSize);
  try {
    let docs: RecordDoc[] = [];
    for await (const doc of cursor) {
      docs.push(doc);
      if (docs.length < batchSize) continue;
      yield { docs, refs: await resolveRefs(def, docs, names) };
      docs = [];
    }
    if (docs.length > 0) yield { docs, refs: await resolveRefs(def, docs, names) };
  } finally {
    await cursor.close();
  }
}
