import { apiRoute } from '@/lib/http/api-route';
import { invalidRecords } from '@/lib/records/record.query';

/** GET /api/entities/:key/invalid-records: records the current definition no longer accepts. */
export const GET = apiRoute<{ entity: string }>(async ({ params, t }) => invalidRecords(params.entity, t), { system: 'automation' });
