import { apiRoute } from '@/lib/http/api-route';
import { printRecord } from '@/lib/print/print.render';

/**
 * GET /api/records/:entity/:id/print/:template → the record laid out by the print template, in
 * the caller's language: needs read access to the record; fields the caller may not see are
 * not printed.
 */
export const GET = apiRoute<{ entity: string; id: string; template: string }>(async ({ params, actor, locale }) => printRecord(params.entity, params.id, params.template, actor, locale));
