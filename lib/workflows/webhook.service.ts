import { createHash } from 'node:crypto';
import { AppError, notFound } from '@/lib/errors/app-error';
import { startRun } from '@/lib/workflows/run-start';
import { verifySignature, workflowSecret } from '@/lib/workflows/workflow.secrets';
import { findWorkflow } from '@/lib/workflows/workflow.service';

const MAX_BODY = 256 * 1024;

/**
 * An inbound webhook: checks the signature with the workflow's secret, then records a run whose
 * {{payload}} is the body. The run id comes from the Idempotency-Key header (or the body's
 * hash), so the same delivery sent twice starts one run.
 */
export async function receiveWebhook(key: string, req: Request): Promise<{ runId: string; created: boolean }> {
  const workflow = await findWorkflow(key);
  if (!workflow || workflow.trigger.event !== 'webhook') throw notFound();
  if (!workflow.enabled) throw new AppError('conflict', 'workflow_unavailable', 'entityActions.noWorkflow', { workflow: key });
  const body = await req.text();
  if (body.length > MAX_BODY) throw new AppError('too_large', 'too_large', 'webhooks.tooLarge');
  const secret = await workflowSecret(key);
  if (!verifySignature(secret, req.headers.get('x-salesflow-timestamp'), body, req.headers.get('x-salesflow-signature'))) {
    throw new AppError('unauthenticated', 'bad_signature', 'webhooks.badSignature');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    throw new AppError('invalid', 'bad_request', 'error.badRequest', { detail: 'the body is not valid JSON' });
  }
  const idempotency = req.headers.get('idempotency-key')?.slice(0, 200) || body;
  const runId = `${key}-hook-${createHash('sha256').update(idempotency).digest('hex').slice(0, 32)}`;
  const created = await startRun(workflow, { runId, entity: '', recordId: '', event: 'webhook', payload, depth: 0 });
  return { runId, created };
}
