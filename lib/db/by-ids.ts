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
