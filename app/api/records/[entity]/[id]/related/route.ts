import { apiRoute } from '@/lib/http/api-route';
import { relatedRecords } from '@/lib/records/record.query';

export const GET = apiRoute<{ entity: string; id: string }>(async ({ params, actor }) => relatedRecords(params.entity, params.id, actor));
