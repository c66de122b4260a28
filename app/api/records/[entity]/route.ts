import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { createRecord } from '@/lib/records/record.service';
import { listRecords } from '@/lib/records/record.query';
import { listQueryParams } from '../list-params';

/** GET /api/records/:entity?page=&pageSize=&sort=a:asc,b:desc&q=&filter=<json>&view=<id>&deleted=1 */
export const GET = apiRoute<{ entity: string }>(async ({ req, params, actor, locale }) =>
  listRecords(params.entity, listQueryParams(new URL(req.url).searchParams), actor, locale),
);

/**
 * The record a create with this Idempotency-Key makes, for this caller and entity: its id is
 * derived from the key, so a retry finds the first record instead of making a second.
 */
function idempotentId(actorId: string, entity: string, key: string): ObjectId {
  return new ObjectId(createHash('sha256').update(`idempotency:${actorId}:${entity}:${key}`).digest('hex').slice(0, 24));
}

/**
 * POST /api/records/:entity with the record's fields as a JSON object. With an
 * Idempotency-Key header (1 to 200 printable characters), a retry of the same request
 * answers with the record the first one created (201, Idempotent-Replayed: true) — completed
 * if the first request died halfway — instead of creating it twice.
 */
export const POST = apiRoute<{ entity: string }>(async ({ req, params, actor, t }) => {
  const body = await readJsonObject(req);
  const key = req.headers.get('idempotency-key');
  if (key !== null && !/^[\x21-\x7e]{1,200}$/.test(key)) throw badRequest('Idempotency-Key must be 1 to 200 printable characters');
  const options = key === null ? {} : { id: idempotentId(actor.id, params.entity, key), requestHash: createHash('sha256').update(JSON.stringify(body)).digest('hex') };
  const { record, created } = await createRecord(params.entity, body, { actor, t }, options);
  return Response.json(record, { status: 201, headers: key !== null && !created ? { 'idempotent-replayed': 'true' } : undefined });
});
