import { OPEN_MASK } from '@/lib/permissions/field-mask';
import { UnrecoverableError } from 'bullmq';
import { collection, recordCollection } from '@/lib/db/collections';
import { transferRecord } from '@/lib/records/record.service';
import { peopleProblems, resolvePeople } from '@/lib/users/people';
import { conditionProblems } from '@/lib/workflows/conditions';
import { evaluateValue } from '@/lib/workflows/value-expression';
import type { AssignOwnerStep } from '@/lib/workflows/workflow.types';
import { filledFilter } from './find-records.step';
import { combine, mongoFilter } from '@/lib/records/record.filter';
import { getEntity } from '@/lib/entities/entity.service';
import { automationWrite, expressionScope, submitterOf, type StepContext, type StepKind } from './step-context';

/** The next person in turn: a counter per workflow step, advanced atomically. */
async function nextInTurn(key: string, people: string[]): Promise<string> {
  const counter = await (await collection('workflowCounters')).findOneAndUpdate({ _id: key }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' });
  const turn = ((counter?.value ?? 1) - 1) % people.length;
  return people[turn];
}

/** The person who owns the fewest of the entity's records that match the load filter (ties: the first listed). */
async function leastLoaded(step: AssignOwnerStep, entity: string, people: string[], ctx: StepContext): Promise<string> {
  const def = await getEntity(entity);
  const load = mongoFilter(def, filledFilter(step.loadFilter, expressionScope(ctx)), { actorId: 'automation', mask: OPEN_MASK, locale: 'en' });
  const records = await recordCollection(entity);
  let best = people[0];
  let lowest = Number.POSITIVE_INFINITY;
  for (const person of people) {
    const count = await records.countDocuments(combine(load, { _ownerId: person, _deletedAt: { $exists: false } }));
    if (count < lowest) [best, lowest] = [person, count];
  }
  return best;
}

async function runAssign(step: AssignOwnerStep, ctx: StepContext) {
  const scope = expressionScope(ctx);
  const target = step.target === 'trigger' || !step.target ? ctx.trigger?._id.toHexString() : evaluateValue(step.target, scope);
  const id = Array.isArray(target) ? target[0] : target;
  const entity = step.entity ?? ctx.triggerEntity;
  if (typeof id !== 'string' || !id || !entity) throw new UnrecoverableError(`step ${step.id}: the target names no record`);
  // The choice is kept before the record changes: a retry gives the record to the same person.
  const kept = (ctx.previousTrace?.state as { ownerId?: string } | undefined)?.ownerId;
  let ownerId = kept;
  if (!ownerId) {
    const people = await resolvePeople([step.people], { record: ctx.trigger, submitterId: submitterOf(ctx) });
    // Nobody in the group yet (a new installation): the record keeps its owner.
    if (people.length === 0) return { output: { ownerId: null, recordId: id, skipped: 'nobody to assign to' }, input: { entity, id, mode: step.mode } };
    if (step.mode === 'fixed') ownerId = people[0];
    else if (step.mode === 'round_robin') ownerId = ctx.dryRun ? people[0] : await nextInTurn(`${ctx.workflow.key}-${step.id}`, people);
    else ownerId = await leastLoaded(step, entity, people, ctx);
    if (!ctx.dryRun) await ctx.saveState?.({ ownerId });
  }
  const input = { entity, id, mode: step.mode, ownerId };
  if (ctx.dryRun) return { output: { ownerId, recordId: id }, input };
  await transferRecord(entity, id, ownerId, automationWrite(ctx));
  return { output: { ownerId, recordId: id }, input };
}

export const assignOwnerStep: StepKind<'assign_owner'> = {
  type: 'assign_owner',
  label: { 'zh-CN': '分配负责人', en: 'Assign an owner' },
  description: { 'zh-CN': '指定负责人：固定成员、轮流分配或分给手头最少的人', en: 'Gives the record to a fixed person, in turn, or to whoever has the fewest' },
  group: 'people',
  schema: {
    type: 'object',
    required: ['target', 'mode', 'people'],
    properties: {
      target: { type: 'string', title: 'target', default: 'trigger' },
      entity: { type: 'string', title: 'entity' },
      mode: { type: 'string', title: 'mode', enum: ['fixed', 'round_robin', 'least_loaded'], default: 'round_robin' },
      people: { type: 'object', title: 'people' },
      loadFilter: { type: 'object', title: 'loadFilter' },
    },
  },
  ui: { target: { 'ui:widget': 'target' }, entity: { 'ui:widget': 'entity' }, mode: { 'ui:widget': 'radio' }, people: { 'ui:field': 'people', 'ui:options': { single: true, allowed: ['users', 'role'] } }, loadFilter: { 'ui:field': 'conditions', 'ui:options': { entityFrom: 'target' } } },
  defaults: () => ({ target: 'trigger', mode: 'round_robin', people: { type: 'role', role: 'staff' } }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    const problems = peopleProblems([step.people], where, ['users', 'role']);
    if (!['fixed', 'round_robin', 'least_loaded'].includes(step.mode)) problems.push(`${where}: choose fixed, round robin or least loaded`);
    if (step.target !== 'trigger' && !/^\{\{\s*(steps|actions)\.[a-z][a-z0-9-]*(\.[A-Za-z_]\w*)*\s*\}\}$/.test(step.target ?? '')) problems.push(`${where}: target must be "trigger" or "{{steps.<id>}}"`);
    const def = step.entity ? ctx.entities.get(step.entity) ?? null : ctx.triggerEntity;
    if (step.loadFilter && def) problems.push(...conditionProblems(step.loadFilter, def, where, ctx.earlier));
    return problems;
  },
  run: runAssign,
};
