import { apiRoute } from '@/lib/http/api-route';
import { readAttachment } from '@/lib/attachments/attachment.service';

/** GET /api/attachments/:id downloads the file (signed-in users). */
export const GET = apiRoute<{ id: string }>(async ({ params }) => {
  const file = await readAttachment(params.id);
  return new Response(new Uint8Array(file.data.buffer), {
    headers: {
      'content-type': file.type,
      'content-length': String(file.size),
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
    },
  });
});
