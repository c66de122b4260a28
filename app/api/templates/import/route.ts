import { apiRoute, created } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { AppError } from '@/lib/errors/app-error';
import { parseJsonText } from '@/lib/http/json-body';
import { readMultipartFile, UploadError } from '@/lib/http/multipart';
import { applyPack } from '@/lib/templates/template.installer';
import { packFromFile, parseTemplateFile, storeUploadedTemplate } from '@/lib/templates/template.source';
import { demoLocale } from '../request-body';

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Multipart `file` (a template file), optional `demo` locale: the file is kept (listed in
 * the template center, so it can be upgraded later) and installed. The size limit holds
 * while the body streams.
 */
export const POST = apiRoute(
  async ({ req, actor, origin }) => {
    let upload;
    try {
      upload = await readMultipartFile(req, MAX_BYTES);
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      if (error.reason === 'tooLarge') throw new AppError('too_large', 'too_large', 'error.tooLarge', { mb: MAX_BYTES / 1024 / 1024 });
      throw new AppError('invalid', 'bad_request', 'error.upload');
    }
    const template = parseTemplateFile(parseJsonText(upload.data.toString('utf8')));
    const report = await applyPack(packFromFile(template), { actor, demo: demoLocale(upload.fields.demo) });
    await storeUploadedTemplate(template, actor.id);
    await audit({ action: 'template.installed', actor, origin, target: { kind: 'template', id: template.manifest.key }, details: { version: template.manifest.version, from: 'file', demo: upload.fields.demo ?? null } });
    return created(report);
  },
  { system: 'templates', accepts: 'multipart' },
);
