import { apiRoute } from '@/lib/http/api-route';
import { exportTemplate } from '@/lib/templates/template.export';

/** The installed app as a template file; `?entities=a,b` exports those entities instead (`&as=<key>` names it). */
export const GET = apiRoute<{ key: string }>(
  async ({ req, params }) => {
    const url = new URL(req.url);
    const entities = url.searchParams.get('entities')?.split(',').map((key) => key.trim()).filter(Boolean);
    const file = await exportTemplate(params.key, { entities, key: url.searchParams.get('as') ?? undefined });
    const date = new Date().toISOString().slice(0, 10);
    const name = `${file.manifest.key}-v${file.manifest.version}-${date}.salesflow.json`;
    return new Response(JSON.stringify(file, null, 2), {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      },
    });
  },
  { system: 'templates' },
);
