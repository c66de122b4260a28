import { apiRoute, created } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { saveAttachment } from '@/lib/attachments/attachment.service';

/** POST /api/attachments, multipart with file, entity and field → {id, name, size, type} */
export const POST = apiRoute(async ({ req, actor }) => {
  const form = await req.formData().catch(() => {
    throw badRequest('send the file as multipart/form-data with fields file, entity and field');
  });
  const file = form.get('file');
  if (!(file instanceof File)) throw badRequest('the "file" part is missing');
  return created(await saveAttachment(String(form.get('entity') ?? ''), String(form.get('field') ?? ''), file, actor));
});
