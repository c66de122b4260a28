import { apiRoute, created } from '@/lib/http/api-route';
import { saveAttachment } from '@/lib/attachments/attachment.service';

/** POST /api/attachments, multipart with entity, field and file → {id, name, size, type}; the size limit holds while the body streams. */
export const POST = apiRoute(async ({ req, actor }) => created(await saveAttachment(req, actor)), { accepts: 'multipart' });
