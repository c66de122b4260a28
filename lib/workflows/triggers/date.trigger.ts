import { collection } from '@/lib/db/collections';
import { plainData } from '@/lib/records/record.view';
import { loopGuardReason, runDepth } from '@/lib/workflows/loop-guard';
import { startRuns } from '@/lib/workflows/run-start';
import { addDays, dateReminderAt, isTimeZone, localDay, reminderDates, TIME, timeReached } from '@/lib/workflows/schedule';
import { entityTriggerProblems, type TriggerKind } from './trigger-kind';
import { recordPages } from './schedule.trigger';

/** How many missed days a pass catches up at most (a worker away for a week). */
const CATCH_UP_DAYS = 7;
const DAY = 24 * 3600_000;

/** One run per record and date: a date that moves gives another run; the same date never two. */
export const dateRunId = (workflowKey: string, recordId: string, date: string) => `${workflowKey}-${recordId}-date-${date.replace(/[^0-9]/g, '')}`;

export const dateTrigger: TriggerKind<'date'> = {
  key: 'date',
  label: { 'zh-CN': '按记录上的日期', en: 'On a date of the record' },
  description: { 'zh-CN': '在记录日期字段之前或之后若干天的某个时间执行（如商机预计成交日前 3 天）；日期改了，提醒时间随之改变', en: 'Runs a number of days before or after a date field, at a set time (such as 3 days before an opportunity’s expected close); when the date changes, so does the moment' },
  entity: 'required',
  schema: {
    type: 'object',
    required: ['entity', 'field', 'offsetDays', 'time', 'timezone'],
    properties: {
      entity: { type: 'string', title: 'entity' },
      field: { type: 'string', title: 'field' },
      offsetDays: { type: 'integer', title: 'offsetDays', minimum: -365, maximum: 365, default: 0 },
      time: { type: 'string', title: 'time', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', default: '09:00' },
      timezone: { type: 'string', title: 'timezone', default: 'Asia/Shanghai' },
    },
  },
  ui: { entity: { 'ui:widget': 'entity' }, field: { 'ui:widget': 'triggerField', 'ui:options': { types: ['date'] } }, timezone: { 'ui:widget': 'timezone' } },
  defaults: () => ({ entity: '', field: '', offsetDays: -3, time: '09:00', timezone: 'Asia/Shanghai' }),
  problems(trigger, ctx) {
    const problems = entityTriggerProblems(trigger.entity, ctx);
    const def = ctx.entities.get(trigger.entity);
    const field = def?.fields.find((candidate) => candidate.key === trigger.field);
    if (!trigger.field) problems.push('trigger: choose a date field');
    else if (def && field?.type !== 'date') problems.push(`trigger: "${trigger.field}" is not a date field of ${def.key}`);
    if (!Number.isInteger(trigger.offsetDays) || Math.abs(trigger.offsetDays) > 365) problems.push('trigger: the offset must be a whole number of days (-365 to 365)');
    if (typeof trigger.time !== 'string' || !TIME.test(trigger.time)) problems.push('trigger: time must be HH:mm (24-hour)');
    if (!isTimeZone(trigger.timezone)) problems.push(`trigger: "${String(trigger.timezone)}" is not a time zone (e.g. Asia/Shanghai)`);
    return problems;
  },
  /**
   * A record written after today's pass whose reminder fell due in the last day (created late,
   * or its date moved to one already due) is started now, under the same run id the pass uses.
   */
  onRecordEvent(workflow, event, now) {
    if ((event.type !== 'created' && event.type !== 'updated') || !event.automations) return null;
    const { field, offsetDays, time, timezone } = workflow.trigger;
    const date = plainData(event.record)[field];
    if (typeof date !== 'string') return null;
    if (event.type === 'updated' && plainData(event.before)[field] === date) return null;
    const at = dateReminderAt(date, offsetDays, time, timezone);
    if (!at || at.getTime() > now.getTime() || now.getTime() - at.getTime() > DAY) return null;
    const depth = runDepth(event.origin);
    const recordId = event.record._id.toHexString();
    return { runId: dateRunId(workflow.key, recordId, date), entity: event.entity, recordId, event: 'date', depth, refused: loopGuardReason(depth, event.origin) ?? undefined };
  },
  async tick(workflow, now) {
    const { entity, field, offsetDays, time, timezone } = workflow.trigger;
    const today = localDay(now, timezone);
    const dueThrough = timeReached(now, time, timezone) ? today : addDays(today, -1);
    const states = await collection('workflowScheduleState');
    const stateId = `date-${workflow.key}`;
    const state = await states.findOne({ _id: stateId });
    // First seen: today's reminders (if their time has come) are the first sent; none from before.
    const doneThrough = state?.doneThrough ?? addDays(dueThrough, -1);
    if (doneThrough >= dueThrough) {
      if (!state) await states.replaceOne({ _id: stateId }, { doneThrough, updatedAt: now }, { upsert: true });
      return 0;
    }
    const fromDay = [addDays(doneThrough, 1), addDays(dueThrough, -(CATCH_UP_DAYS - 1))].sort().at(-1)!;
    const dates = reminderDates(fromDay, dueThrough, offsetDays);
    let started = 0;
    for await (const page of recordPages(entity, { [field]: { $gte: dates.from, $lte: dates.to } }, { [field]: 1 })) {
      started += await startRuns(
        workflow,
        page.map((doc) => ({ runId: dateRunId(workflow.key, doc._id.toHexString(), String(doc[field])), entity, recordId: doc._id.toHexString(), event: 'date' as const })),
      );
    }
    await states.replaceOne({ _id: stateId }, { doneThrough: dueThrough, updatedAt: new Date() }, { upsert: true });
    return started;
  },
};
