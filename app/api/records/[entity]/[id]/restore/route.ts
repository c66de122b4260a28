import { apiRoute } from '@/lib/http/api-route';
import { restoreRecord } from '@/lib/records/record.service';

export const POST = apiRoute<{ entity: string; id: string }>(async ({ params, actor, t }) => restoreRecord(params.entity, params.id, { actor, t }));
