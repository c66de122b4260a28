import type { TriggerKind } from './trigger-kind';

/**
 * POST /api/hooks/workflows/<key>: the body (JSON) becomes {{payload}} and the steps create or
 * update records from it, through the record service. The request must be signed with the
 * workflow's secret (X-Salesflow-Timestamp and X-Salesflow-Signature: sha256=HMAC(secret,
 * "<timestamp>.<body>")). An Idempotency-Key header makes a repeated delivery find its run.
 */
export const webhookTrigger: TriggerKind<'webhook'> = {
  key: 'webhook',
  label: { 'zh-CN': '收到 Webhook 时', en: 'When a webhook arrives' },
  description: { 'zh-CN': '外部系统以本流程的密钥签名调用其地址，请求内容为 {{payload}}', en: 'Another system calls its address, signed with this workflow’s secret; the body is {{payload}}' },
  entity: 'optional',
  schema: { type: 'object', properties: { entity: { type: 'string', title: 'entity' } } },
  ui: { entity: { 'ui:widget': 'entity', 'ui:options': { allowEmpty: true } } },
  defaults: () => ({}),
  problems(trigger, ctx) {
    if (trigger.entity && !ctx.entities.has(trigger.entity) && ctx.strict) return [`trigger: there is no entity "${trigger.entity}"`];
    return [];
  },
};
