import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { previewPrint } from '@/lib/print/print.render';
import type { PrintTemplateDefinition } from '@/lib/print/print.types';

/**
 * POST /api/entities/:key/print-preview {template, recordId} → a record laid out by a template
 * not saved yet (the editor's live preview): the template is checked completely (400 naming
 * each problem); designers only, and the record must be one they may read.
 */
export const POST = apiRoute<{ entity: string }>(
  async ({ req, params, actor, locale }) => {
    const body = await readJsonObject(req);
    if (typeof body.recordId !== 'string') throw badRequest('send "recordId", the record to preview with');
    return previewPrint(params.entity, body.recordId, body.template as PrintTemplateDefinition, actor, locale);
  },
  { system: 'design' },
);
