import { apiRoute } from '@/lib/http/api-route';
import { readAttachment } from '@/lib/attachments/attachment.service';

/** GET /api/attachments/:id downloads the file, for its uploader and whoever may read a record holding it. */
export const GET = apiRoute<{ id: string }>(async ({ params, actor }) => {
  const file = await readAttachment(params.id, actor);
  return new Response(new Uint8Array(file.data.buffer), {
    headers: {
      'content-type': file.type,
      'content-length': String(file.size),
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    },
  });
});
