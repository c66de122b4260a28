import { MongoServerError } from 'mongodb';

/** A unique index (or _id) refused the write: MongoDB and FerretDB both answer with code 11000. */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}
