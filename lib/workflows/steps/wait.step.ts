import { UnrecoverableError } from 'bullmq';
import { parseMoment } from '@/lib/fields/dates';
import type { WaitStep } from '@/lib/workflows/workflow.types';
import type { StepContext, StepKind } from './step-context';

const MINUTE = 60_000;

/** When the wait ends: a duration after the step began, or a date field of the record plus an offset. */
function waitEnd(step: WaitStep, ctx: StepContext): Date {
  if (step.mode === 'duration') {
    const began = ctx.previousTrace?.startedAt ? new Date(ctx.previousTrace.startedAt) : ctx.now;
    return new Date(began.getTime() + (step.minutes ?? 0) * MINUTE);
  }
  const raw = step.field ? ctx.trigger?.[step.field] : undefined;
  const moment = parseMoment(raw);
  if (!moment) throw new UnrecoverableError(`step ${step.id}: the record has no date in "${step.field}"`);
  return new Date(moment.valueOf() + (step.offsetMinutes ?? 0) * MINUTE);
}

async function runWait(step: WaitStep, ctx: StepContext) {
  const until = waitEnd(step, ctx);
  const input = { until: until.toISOString() };
  if (ctx.dryRun || until.getTime() <= ctx.now.getTime()) return { output: { waitedUntil: until.toISOString() }, input };
  return { wait: { kind: 'wait' as const, until }, input };
}

export const waitStep: StepKind<'wait'> = {
  type: 'wait',
  label: { 'zh-CN': '等待', en: 'Wait' },
  description: { 'zh-CN': '等待一段时间，或等到记录上的某个日期', en: 'Waits for a while, or until a date of the record' },
  group: 'flow',
  schema: {
    type: 'object',
    required: ['mode'],
    properties: {
      mode: { type: 'string', title: 'mode', enum: ['duration', 'until_field'], default: 'duration' },
      minutes: { type: 'integer', title: 'minutes', minimum: 1, maximum: 525600 },
      field: { type: 'string', title: 'field' },
      offsetMinutes: { type: 'integer', title: 'offsetMinutes' },
    },
  },
  ui: { mode: { 'ui:widget': 'radio' }, field: { 'ui:widget': 'triggerField', 'ui:options': { types: ['date', 'datetime'] } } },
  defaults: () => ({ mode: 'duration', minutes: 60 }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    if (step.mode === 'duration') return Number.isInteger(step.minutes) && step.minutes! > 0 ? [] : [`${where}: wait a whole number of minutes`];
    if (step.mode !== 'until_field') return [`${where}: choose how long to wait`];
    const field = ctx.triggerEntity?.fields.find((candidate) => candidate.key === step.field);
    if (!step.field) return [`${where}: choose a date field`];
    if (ctx.triggerEntity && (!field || (field.type !== 'date' && field.type !== 'datetime'))) return [`${where}: "${step.field}" is not a date field of ${ctx.triggerEntity.key}`];
    return [];
  },
  run: runWait,
};
