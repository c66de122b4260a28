import { UnrecoverableError } from 'bullmq';
import { findApproval, startApproval } from '@/lib/approvals/approval.service';
import { peopleProblems, resolvePeople } from '@/lib/users/people';
import { fillText } from '@/lib/workflows/value-expression';
import type { ApprovalStep } from '@/lib/workflows/workflow.types';
import { expressionScope, submitterOf, type StepContext, type StepKind } from './step-context';

const LEVEL_PEOPLE = ['users', 'role', 'field', 'submitter_manager'] as const;

/** The approval of a run's step has this id (no ":" — it names jobs too). */
export const approvalIdOf = (runId: string, stepId: string) => `${runId}-${stepId}`;

async function runApproval(step: ApprovalStep, ctx: StepContext) {
  if (!ctx.trigger) throw new UnrecoverableError(`step ${step.id}: an approval needs a record`);
  const title = fillText(step.title, expressionScope(ctx));
  const submitterId = submitterOf(ctx);
  if (!submitterId) throw new UnrecoverableError(`step ${step.id}: nobody submitted this record (it was written by an automation)`);
  if (ctx.dryRun) {
    const first = await resolvePeople([step.levels[0].approvers], { record: ctx.trigger, submitterId });
    return { output: { outcome: 'approved', dryRun: true, firstLevelApprovers: first }, input: { title, submitterId, levels: step.levels.length } };
  }
  const id = approvalIdOf(ctx.runId, step.id);
  const existing = await findApproval(id).catch(() => null);
  const approval =
    existing ??
    (await startApproval({
      id,
      runId: ctx.runId,
      runEvent: ctx.event ?? 'updated',
      workflowKey: ctx.workflow.key,
      stepId: step.id,
      entity: ctx.triggerEntity,
      record: ctx.trigger,
      title,
      submitterId,
      levels: step.levels,
      statusField: step.statusField,
      statusValues: step.statusValues,
    }));
  // A step retried after a crash completes what the first attempt began (each part is idempotent).
  if (existing && existing.status === 'pending' && ctx.previousTrace?.status !== 'waiting') await startApproval({ id, runId: ctx.runId, runEvent: ctx.event ?? 'updated', workflowKey: ctx.workflow.key, stepId: step.id, entity: ctx.triggerEntity, record: ctx.trigger, title, submitterId, levels: step.levels, statusField: step.statusField, statusValues: step.statusValues });
  const input = { title, submitterId, approvalId: id };
  if (approval.status === 'pending' || approval.status === 'returned') return { wait: { kind: 'approval' as const, until: null }, input, output: { approvalId: id, outcome: 'pending' } };
  const last = [...approval.trail].reverse().find((entry) => entry.comment);
  return { output: { approvalId: id, outcome: approval.status, comment: last?.comment ?? null }, input };
}

export const approvalStep: StepKind<'approval'> = {
  type: 'approval',
  label: { 'zh-CN': '审批', en: 'Approval' },
  description: { 'zh-CN': '请审批人逐级审批；审批期间记录锁定，结果为 {{steps.<id>.outcome}}', en: 'Asks approvers level by level; the record is locked meanwhile; the outcome is {{steps.<id>.outcome}}' },
  group: 'people',
  schema: {
    type: 'object',
    required: ['title', 'levels'],
    properties: {
      title: { type: 'string', title: 'title', maxLength: 200 },
      levels: {
        type: 'array',
        title: 'levels',
        minItems: 1,
        maxItems: 5,
        items: {
          type: 'object',
          required: ['approvers', 'mode'],
          properties: {
            name: { type: 'string', title: 'levelName', maxLength: 60 },
            approvers: { type: 'object', title: 'approvers' },
            mode: { type: 'string', title: 'mode', enum: ['any', 'all'], default: 'any' },
            remindAfterHours: { type: 'number', title: 'remindAfterHours', minimum: 0 },
            escalateAfterHours: { type: 'number', title: 'escalateAfterHours', minimum: 0 },
          },
        },
      },
      statusField: { type: 'string', title: 'statusField' },
      statusValues: {
        type: 'object',
        title: 'statusValues',
        properties: {
          pending: { type: 'string', title: 'pending' },
          approved: { type: 'string', title: 'approved' },
          rejected: { type: 'string', title: 'rejected' },
          returned: { type: 'string', title: 'returned' },
          withdrawn: { type: 'string', title: 'withdrawn' },
        },
      },
    },
  },
  ui: {
    title: { 'ui:widget': 'template' },
    levels: { items: { approvers: { 'ui:field': 'people', 'ui:options': { single: true, allowed: LEVEL_PEOPLE } }, mode: { 'ui:widget': 'radio' } } },
    statusField: { 'ui:widget': 'triggerField', 'ui:options': { types: ['select'] } },
    statusValues: { 'ui:field': 'statusValues' },
  },
  defaults: () => ({ title: '{{id}}', levels: [{ approvers: { type: 'submitter_manager' }, mode: 'any' }] }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    const problems: string[] = [];
    if (typeof step.title !== 'string' || !step.title.trim()) problems.push(`${where}: the approval needs a title`);
    if (!Array.isArray(step.levels) || step.levels.length === 0) problems.push(`${where}: add at least one level of approvers`);
    (step.levels ?? []).forEach((level, index) => {
      const at = `${where}, level ${index + 1}`;
      problems.push(...peopleProblems([level?.approvers], at, [...LEVEL_PEOPLE]));
      if (level?.mode !== 'any' && level?.mode !== 'all') problems.push(`${at}: choose "any one" or "all"`);
      for (const key of ['remindAfterHours', 'escalateAfterHours'] as const) if (level?.[key] !== undefined && !(typeof level[key] === 'number' && level[key]! >= 0)) problems.push(`${at}: ${key} must be a number of hours`);
      if (level?.approvers?.type === 'field' && ctx.triggerEntity) {
        const field = ctx.triggerEntity.fields.find((candidate) => candidate.key === (level.approvers as { field: string }).field);
        if (!field || field.type !== 'user') problems.push(`${at}: "${(level.approvers as { field: string }).field}" is not a user field of ${ctx.triggerEntity.key}`);
      }
    });
    if (step.statusField && ctx.triggerEntity) {
      const field = ctx.triggerEntity.fields.find((candidate) => candidate.key === step.statusField);
      if (!field || field.type !== 'select') problems.push(`${where}: "${step.statusField}" is not a select field of ${ctx.triggerEntity.key}`);
      else for (const value of Object.values(step.statusValues ?? {})) if (value && !field.options?.some((option) => option.value === value)) problems.push(`${where}: "${value}" is not an option of ${step.statusField}`);
    }
    return problems;
  },
  run: runApproval,
};
