import { deliverEmail, storeEmail } from '@/lib/mail/mailer';
import { contactsOf } from '@/lib/users/user-directory';
import { peopleProblems, resolvePeople } from '@/lib/users/people';
import { fillText } from '@/lib/workflows/value-expression';
import type { EmailStep } from '@/lib/workflows/workflow.types';
import { actionReferencesProblems } from './step-problems';
import { effectId, expressionScope, submitterOf, type StepContext, type StepKind } from './step-context';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function runEmail(step: EmailStep, ctx: StepContext) {
  const scope = expressionScope(ctx);
  const people = await contactsOf(await resolvePeople(step.recipients ?? [], { record: ctx.trigger, submitterId: submitterOf(ctx) }));
  const extra = (step.addresses ?? []).flatMap((address) => fillText(address, scope).split(/[,;\s]+/)).filter((address) => EMAIL.test(address));
  const to = [...new Set([...people.map((person) => person.email), ...extra])];
  const subject = fillText(step.subject, scope);
  const text = fillText(step.body, scope);
  const input = { to, subject, text };
  if (to.length === 0) return { output: { sent: 0, reason: 'no recipients' }, input };
  if (ctx.dryRun) return { output: { sent: 0, dryRun: true }, input };
  // Stored first under an id derived from run and step: a retry sends it only if it was not sent.
  const email = await storeEmail({ _id: effectId(ctx.runId, step.id), to, subject, text, source: { kind: 'workflow', runId: ctx.runId, stepId: step.id } });
  const sent = await deliverEmail(email._id);
  return { output: { emailId: sent._id, messageId: sent.messageId, response: sent.response ?? null, sent: to.length }, input };
}

export const emailStep: StepKind<'email'> = {
  type: 'email',
  label: { 'zh-CN': '发送邮件', en: 'Send email' },
  description: { 'zh-CN': '通过 SMTP（环境变量配置）发送邮件', en: 'Sends an email over SMTP (configured by the environment)' },
  group: 'messages',
  schema: {
    type: 'object',
    required: ['subject', 'body'],
    properties: {
      recipients: { type: 'array', title: 'recipients', items: { type: 'object' } },
      addresses: { type: 'array', title: 'addresses', items: { type: 'string' } },
      subject: { type: 'string', title: 'subject', maxLength: 200 },
      body: { type: 'string', title: 'body', maxLength: 20000 },
    },
  },
  ui: { recipients: { 'ui:field': 'people' }, addresses: { items: { 'ui:widget': 'template' } }, subject: { 'ui:widget': 'template' }, body: { 'ui:widget': 'template', 'ui:options': { rows: 6 } } },
  defaults: () => ({ recipients: [{ type: 'owner' }], subject: '', body: '' }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    const problems: string[] = [];
    if ((step.recipients ?? []).length === 0 && (step.addresses ?? []).length === 0) problems.push(`${where}: choose who receives it`);
    if ((step.recipients ?? []).length > 0) problems.push(...peopleProblems(step.recipients, where));
    if (typeof step.subject !== 'string' || !step.subject.trim()) problems.push(`${where}: the email needs a subject`);
    if (typeof step.body !== 'string') problems.push(`${where}: the email needs a body`);
    return [...problems, ...actionReferencesProblems([step.subject, step.body, step.addresses], ctx, where)];
  },
  run: runEmail,
};
