import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { deleteRecord, getRecord, purgeRecord, updateRecord } from '@/lib/records/record.service';

type Params = { entity: string; id: string };

function expectedVersion(req: Request): number | undefined {
  const header = req.headers.get('if-match');
  if (header === null) return undefined;
  const version = Number.parseInt(header.replace(/"/g, ''), 10);
  if (!Number.isInteger(version)) throw badRequest('If-Match must be the record version');
  return version;
}

/** ?overrideLock=1: an admin changes a record held by an approval (recorded on the approval). */
const overrideLock = (req: Request) => new URL(req.url).searchParams.get('overrideLock') === '1';

export const GET = apiRoute<Params>(async ({ params, actor }) => getRecord(params.entity, params.id, actor));

/** PUT replaces all fields (what forms send); an If-Match header carrying the version guards against lost updates. */
export const PUT = apiRoute<Params>(async ({ req, params, actor, t }) =>
  updateRecord(params.entity, params.id, await readJsonObject(req), { actor, t, overrideLock: overrideLock(req) }, 'replace', expectedVersion(req)),
);

/** PATCH changes only the fields given; null clears one. */
export const PATCH = apiRoute<Params>(async ({ req, params, actor, t }) =>
  updateRecord(params.entity, params.id, await readJsonObject(req), { actor, t, overrideLock: overrideLock(req) }, 'merge', expectedVersion(req)),
);

/** DELETE moves the record to the recycle bin; ?permanent=1 deletes it from the bin for good (admins). */
export const DELETE = apiRoute<Params>(async ({ req, params, actor, t }) => {
  const permanent = new URL(req.url).searchParams.get('permanent') === '1';
  await (permanent ? purgeRecord : deleteRecord)(params.entity, params.id, { actor, t, overrideLock: overrideLock(req) });
  return new Response(null, { status: 204 });
});
