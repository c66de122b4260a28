import { errorResponse } from '@/lib/http/api-route';
import { translator } from '@/lib/i18n/messages';
import { receiveWebhook } from '@/lib/workflows/webhook.service';

/**
 * An inbound webhook: no session or token — the signature with the workflow's secret is the
 * credential (see lib/workflows/webhook.service.ts). 202: the run is recorded and queued.
 */
export async function POST(req: Request, context: { params: Promise<{ key: string }> }) {
  const t = translator(req.headers.get('accept-language')?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');
  try {
    const { key } = await context.params;
    const { runId, created } = await receiveWebhook(key, req);
    return Response.json({ runId, created }, { status: 202 });
  } catch (error) {
    return errorResponse(error, t);
  }
}
