import { apiRoute } from '@/lib/http/api-route';
import { recordHistory } from '@/lib/records/record.query';

export const GET = apiRoute<{ entity: string; id: string }>(async ({ params, actor }) => recordHistory(params.entity, params.id, actor));
