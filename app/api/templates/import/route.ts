import { apiRoute, created } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { applyPack } from '@/lib/templates/template.installer';
import { packFromFile, parseTemplateFile, storeUploadedTemplate } from '@/lib/templates/template.source';
import { demoLocale } from '../request-body';

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Multipart `file` (a template file), optional `demo` locale: the file is kept (listed in
 * the template center, so it can be upgraded later) and installed.
 */
export const POST = apiRoute(
  async ({ req, actor }) => {
    const form = await req.formData().catch(() => {
      throw badRequest('send the template file as multipart/form-data in the field "file"');
    });
    const file = form.get('file');
    if (!(file instanceof Blob)) throw badRequest('send the template file in the field "file"');
    if (file.size > MAX_BYTES) throw badRequest('the template file is larger than 20 MB');
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      throw badRequest('the template file is not valid JSON');
    }
    const template = parseTemplateFile(json);
    const report = await applyPack(packFromFile(template), { actor, demo: demoLocale(form.get('demo')) });
    await storeUploadedTemplate(template, actor.id);
    return created(report);
  },
  { system: 'templates' },
);
