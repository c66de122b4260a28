import { notify } from '@/lib/notifications/notification.service';
import { peopleProblems, resolvePeople } from '@/lib/users/people';
import { fillText } from '@/lib/workflows/value-expression';
import type { NotifyStep } from '@/lib/workflows/workflow.types';
import { actionReferencesProblems } from './step-problems';
import { effectId, expressionScope, submitterOf, type StepContext, type StepKind } from './step-context';

async function runNotify(step: NotifyStep, ctx: StepContext) {
  const scope = expressionScope(ctx);
  const title = fillText(step.title, scope);
  const message = step.message ? fillText(step.message, scope) : undefined;
  const recipients = await resolvePeople(step.recipients, { record: ctx.trigger, submitterId: submitterOf(ctx) });
  const input = { title, message, recipients };
  if (ctx.dryRun) return { output: { notified: recipients.length, dryRun: true }, input };
  const link = ctx.trigger ? { entity: ctx.triggerEntity, recordId: ctx.trigger._id.toHexString() } : null;
  // One notification per (run, step, person): a retried step finds them and adds none.
  const fresh = await notify(
    recipients.map((userId) => ({
      id: effectId(ctx.runId, step.id, userId),
      userId,
      title,
      message,
      link,
      source: { kind: 'workflow' as const, workflowKey: ctx.workflow.key, runId: ctx.runId },
    })),
  );
  return { output: { notified: recipients.length, new: fresh }, input };
}

export const notifyStep: StepKind<'notify'> = {
  type: 'notify',
  label: { 'zh-CN': '站内通知', en: 'Notify' },
  description: { 'zh-CN': '给成员、角色、负责人或其上级发送站内通知（可附邮件）', en: 'Sends an in-app notification to people, a role, the owner or the owner’s manager' },
  group: 'messages',
  schema: {
    type: 'object',
    required: ['recipients', 'title'],
    properties: {
      recipients: { type: 'array', title: 'recipients', minItems: 1, items: { type: 'object' } },
      title: { type: 'string', title: 'title', maxLength: 200 },
      message: { type: 'string', title: 'message', maxLength: 2000 },
    },
  },
  ui: { recipients: { 'ui:field': 'people' }, title: { 'ui:widget': 'template' }, message: { 'ui:widget': 'template', 'ui:options': { rows: 3 } } },
  defaults: () => ({ recipients: [{ type: 'owner' }], title: '' }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    const problems = peopleProblems(step.recipients, where);
    if (typeof step.title !== 'string' || !step.title.trim()) problems.push(`${where}: the notification needs a title`);
    return [...problems, ...actionReferencesProblems([step.title, step.message], ctx, where)];
  },
  run: runNotify,
};
