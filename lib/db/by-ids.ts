import type { Collection, Document, ObjectId, WithId } from 'mongodb';

/**
 * Documents by _id, one lookup per id. FerretDB v1 (SQLite) serves only a lone `{_id}`
 * filter from its index and scans the whole collection for `$in`; a page's worth of
 * parallel lookups is fast on both it and MongoDB.
 */
export async function findByIds<T extends Document>(
  coll: Collection<T>,
  ids: ObjectId[],
  projection?: Document,
): Promise<WithId<T>[]> {
  const unique = [...new Map(ids.map((id) => [id.toHexString(), id])).values()];
  const docs = (await Promise.all(unique.map((_id) => coll.findOne({ _id } as never, projection ? { projection } : undefined)))) as (WithId<T> | null)[];
  return docs.filter((doc): doc is WithId<T> => doc !== null);
}
