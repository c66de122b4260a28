import { OPEN_MASK } from '@/lib/permissions/field-mask';
import type { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { getEntity } from '@/lib/entities/entity.service';
import { combine, mongoFilter } from '@/lib/records/record.filter';
import type { RecordDoc } from '@/lib/records/record.types';
import { conditionProblems } from '@/lib/workflows/conditions';
import { startRun, startRuns } from '@/lib/workflows/run-start';
import { latestSlot, localDay, scheduleProblems } from '@/lib/workflows/schedule';
import { filledFilter } from '@/lib/workflows/steps/find-records.step';
import type { TriggerKind } from './trigger-kind';

/** A slot older than this when first seen (the worker was down, the workflow just switched on) is skipped, not fired late. */
const GRACE_MS = 60 * 60_000;
const BATCH = 1000;

const compact = (slotId: string) => slotId.replace(/[^0-9A-Za-z]/g, '');

/** Every record a filter selects, in pages by _id (the embedded database serves that from its index). */
export async function* recordPages(entity: string, filter: Record<string, unknown>, projection: Record<string, 1>): AsyncGenerator<RecordDoc[]> {
  const records = await recordCollection(entity);
  let after: ObjectId | null = null;
  for (;;) {
    const page: RecordDoc[] = await records
      .find(combine(filter, { _deletedAt: { $exists: false } }, after ? { _id: { $gt: after } } : {}), { projection: { _id: 1, ...projection } })
      .sort({ _id: 1 })
      .limit(BATCH)
      .toArray();
    if (page.length === 0) return;
    yield page;
    if (page.length < BATCH) return;
    after = page[page.length - 1]._id;
  }
}

export const scheduleTrigger: TriggerKind<'schedule'> = {
  key: 'schedule',
  label: { 'zh-CN': '定时', en: 'On a schedule' },
  description: { 'zh-CN': '每天、每周或每月的固定时间执行（按所选时区）；选了实体则对每条符合条件的记录各执行一次', en: 'Runs daily, weekly or monthly at a set time in a chosen time zone; with an entity, once for each record that matches' },
  entity: 'optional',
  schema: {
    type: 'object',
    required: ['schedule'],
    properties: {
      schedule: {
        type: 'object',
        title: 'schedule',
        required: ['frequency', 'time', 'timezone'],
        properties: {
          frequency: { type: 'string', title: 'frequency', enum: ['daily', 'weekly', 'monthly'], default: 'daily' },
          time: { type: 'string', title: 'time', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', default: '09:00' },
          weekdays: { type: 'array', title: 'weekdays', items: { type: 'integer', minimum: 1, maximum: 7 }, uniqueItems: true },
          monthDay: { type: 'integer', title: 'monthDay', minimum: 1, maximum: 31 },
          timezone: { type: 'string', title: 'timezone', default: 'Asia/Shanghai' },
        },
      },
      entity: { type: 'string', title: 'entity' },
      filter: { type: 'object', title: 'filter' },
    },
  },
  ui: { schedule: { 'ui:field': 'schedule' }, entity: { 'ui:widget': 'entity', 'ui:options': { allowEmpty: true } }, filter: { 'ui:field': 'conditions', 'ui:options': { entityFrom: 'entity' } } },
  defaults: () => ({ schedule: { frequency: 'daily', time: '09:00', timezone: 'Asia/Shanghai' } }),
  problems(trigger, ctx) {
    const problems = scheduleProblems(trigger.schedule, 'trigger');
    if (trigger.entity) {
      const def = ctx.entities.get(trigger.entity);
      if (!def && ctx.strict) problems.push(`trigger: there is no entity "${trigger.entity}"`);
      if (def) problems.push(...conditionProblems(trigger.filter, def, 'trigger'));
    } else if (trigger.filter?.conditions?.length) problems.push('trigger: a filter needs an entity');
    return problems;
  },
  async tick(workflow, now) {
    const slot = latestSlot(workflow.trigger.schedule, now);
    if (!slot) return 0;
    const states = await collection('workflowScheduleState');
    const stateId = `schedule-${workflow.key}`;
    const state = await states.findOne({ _id: stateId });
    if (state?.lastSlot === slot.id) return 0;
    const mark = () => states.replaceOne({ _id: stateId }, { lastSlot: slot.id, updatedAt: new Date() }, { upsert: true });
    if (now.getTime() - slot.at.getTime() > GRACE_MS) {
      await mark();
      return 0;
    }
    // Runs first, then the mark: a pass cut short starts the rest next time; run ids (from the
    // slot) make a second pass — or a second worker — start nothing twice.
    let started = 0;
    const { entity, filter } = workflow.trigger;
    if (!entity) {
      started += (await startRun(workflow, { runId: `${workflow.key}-sched-${compact(slot.id)}`, entity: '', recordId: '', event: 'schedule' })) ? 1 : 0;
    } else {
      const def = await getEntity(entity);
      // {{today}} in a filter is the local day of the schedule's zone ("payment due before today").
      const filled = filledFilter(filter, { record: { today: localDay(now, workflow.trigger.schedule.timezone) }, now });
      const query = mongoFilter(def, filled, { actorId: 'automation', mask: OPEN_MASK, locale: 'en' }) as Record<string, unknown>;
      for await (const page of recordPages(entity, query, {})) {
        started += await startRuns(
          workflow,
          page.map((doc) => ({ runId: `${workflow.key}-${doc._id.toHexString()}-sched-${compact(slot.id)}`, entity, recordId: doc._id.toHexString(), event: 'schedule' as const })),
        );
      }
    }
    await mark();
    return started;
  },
};
