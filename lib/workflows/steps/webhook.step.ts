import { collection } from '@/lib/db/collections';
import { evaluateValues, expressionScopeRecord } from '@/lib/workflows/value-expression';
import { signBody, workflowSecret } from '@/lib/workflows/workflow.secrets';
import type { WebhookStep } from '@/lib/workflows/workflow.types';
import { actionReferencesProblems } from './step-problems';
import { effectId, expressionScope, type StepContext, type StepKind } from './step-context';

const TIMEOUT_MS = 10_000;
const KEEP_BODY = 2000;

export class WebhookFailed extends Error {}

/**
 * Posts JSON to a URL, signed with the workflow's secret. Every attempt and the answer are kept
 * (webhook_deliveries); a failure (no answer, or not 2xx) fails the step, and the run is retried
 * with backoff. X-Salesflow-Delivery stays the same on every attempt, so a receiver can drop a
 * repeat it already handled.
 */
async function runWebhook(step: WebhookStep, ctx: StepContext) {
  const scope = expressionScope(ctx);
  const payload = step.body && Object.keys(step.body).length > 0 ? evaluateValues(step.body, scope) : { workflow: ctx.workflow.key, entity: ctx.triggerEntity, record: expressionScopeRecord(scope), steps: ctx.output };
  const deliveryId = effectId(ctx.runId, step.id);
  const body = JSON.stringify({ id: deliveryId, runId: ctx.runId, data: payload });
  const input = { url: step.url, method: step.method ?? 'POST', body: payload };
  if (ctx.dryRun) return { output: { dryRun: true }, input };
  const deliveries = await collection('webhookDeliveries');
  const existing = await deliveries.findOne({ _id: deliveryId });
  if (existing?.status === 'delivered') return { output: { deliveryId, status: existing.response?.status, body: existing.response?.body }, input };
  if (!existing) {
    const now = new Date();
    await deliveries
      .insertOne({ _id: deliveryId, runId: ctx.runId, stepId: step.id, url: step.url, status: 'pending', attempts: [], response: null, createdAt: now, updatedAt: now })
      .catch((error: unknown) => {
        if ((error as { code?: number }).code !== 11000) throw error;
      });
  }
  const secret = await workflowSecret(ctx.workflow.key);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = Date.now();
  let status: number | null = null;
  let text = '';
  let failure: string | null = null;
  try {
    const response = await fetch(step.url, {
      method: step.method ?? 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Salesflow-Webhook/1',
        'x-salesflow-delivery': deliveryId,
        'x-salesflow-timestamp': String(timestamp),
        'x-salesflow-signature': signBody(secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = response.status;
    text = (await response.text()).slice(0, KEEP_BODY);
    if (!response.ok) failure = `HTTP ${response.status}`;
  } catch (error) {
    failure = (error as Error).message;
  }
  const attempt = { at: new Date(), status, body: text, error: failure, ms: Date.now() - started };
  await deliveries.updateOne(
    { _id: deliveryId },
    { $push: { attempts: attempt }, $set: { updatedAt: new Date(), ...(failure ? {} : { status: 'delivered' as const, response: { status: status!, body: text } }) } },
  );
  if (failure) throw new WebhookFailed(`webhook ${step.url}: ${failure}`);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  return { output: { deliveryId, status, body: parsed }, input };
}

export const webhookStep: StepKind<'webhook'> = {
  type: 'webhook',
  label: { 'zh-CN': '调用 Webhook', en: 'Call a webhook' },
  description: { 'zh-CN': '以 JSON 调用外部地址，带 HMAC 签名，失败按退避重试，记录响应', en: 'Sends JSON to a URL, HMAC-signed, retried with backoff; the answer is kept' },
  group: 'messages',
  schema: {
    type: 'object',
    required: ['url'],
    properties: {
      url: { type: 'string', title: 'url', maxLength: 2000 },
      method: { type: 'string', title: 'method', enum: ['POST', 'PUT'], default: 'POST' },
      body: { type: 'object', title: 'body', additionalProperties: true },
    },
  },
  ui: { url: { 'ui:placeholder': 'https://' }, body: { 'ui:field': 'keyValues' } },
  defaults: () => ({ url: '', method: 'POST' }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    const problems: string[] = [];
    try {
      const url = new URL(step.url);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`${where}: the URL must start with http:// or https://`);
    } catch {
      problems.push(`${where}: "${String(step.url ?? '')}" is not a URL`);
    }
    if (step.method !== undefined && step.method !== 'POST' && step.method !== 'PUT') problems.push(`${where}: method must be POST or PUT`);
    return [...problems, ...actionReferencesProblems(step.body, ctx, where)];
  },
  run: runWebhook,
};
