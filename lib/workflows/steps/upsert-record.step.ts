import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { createRecord, updateRecord } from '@/lib/records/record.service';
import { normaliseValue } from '@/lib/records/record.validation';
import { liveRecords } from '@/lib/records/record.filter';
import { evaluateValues } from '@/lib/workflows/value-expression';
import type { ActionOutput, UpsertRecordAction } from '@/lib/workflows/workflow.types';
import { actionReferencesProblems, FIELD_NAME } from './step-problems';
import { actionRecordId, automationWrite, entityProblem, expressionScope, forEachRowsKept, ownerFor, rowSkipProblems, valueFieldProblems, type StepContext, type StepKind } from './step-context';

/** The match values as stored (a trimmed text, a rounded number), so equal means equal. */
function storedMatch(def: EntityDefinition, match: Record<string, unknown>): Record<string, unknown> {
  const byKey = new Map(def.fields.map((field) => [field.key, field]));
  return Object.fromEntries(
    Object.entries(match).map(([key, value]) => {
      const field = byKey.get(key);
      return [key, (field ? normaliseValue(field, value) : value) ?? null];
    }),
  );
}

/** Two runs that upsert the same match at once create the same id, so only one record appears. */
function matchRecordId(entity: string, match: Record<string, unknown>): ObjectId {
  const canonical = JSON.stringify(Object.keys(match).sort().map((key) => [key, match[key]]));
  return new ObjectId(createHash('sha256').update(`upsert/${entity}/${canonical}`).digest('hex').slice(0, 24));
}

/** Finds the record whose fields equal `match` and merges `values` into it; creates it when there is none. */
export async function runUpsertRecordAction(action: UpsertRecordAction, ctx: StepContext): Promise<{ output: ActionOutput; input: unknown }> {
  const def = await getEntity(action.entity);
  const records = await recordCollection(action.entity);
  const inputs: unknown[] = [];
  const upsert = async (rowIndex?: number, row?: Record<string, unknown>) => {
    const scope = expressionScope(ctx, row);
    const match = storedMatch(def, evaluateValues(action.match, scope));
    const values = evaluateValues(action.values, scope);
    inputs.push({ match, values });
    // The match fields are the entity's own, compared for equality: never operators.
    const found = await records.findOne({ ...match, ...liveRecords() }, { projection: { _id: 1 } });
    if (ctx.dryRun) return found ? found._id.toHexString() : `(new ${action.entity})`;
    if (!found) {
      const options = { ownerId: ownerFor(ctx, action.owner) };
      let result = await createRecord(action.entity, { ...match, ...values }, automationWrite(ctx), { ...options, id: matchRecordId(action.entity, match) });
      // That id is taken by a record since deleted: this run's own id then.
      if (!result.created && result.record.deletedAt) {
        result = await createRecord(action.entity, { ...match, ...values }, automationWrite(ctx), { ...options, id: actionRecordId(ctx.runId, action.id, rowIndex) });
      }
      if (result.created || Object.keys(values).length === 0) return result.record.id;
      return (await updateRecord(action.entity, result.record.id, values, automationWrite(ctx), 'merge')).id;
    }
    if (Object.keys(values).length === 0) return found._id.toHexString();
    return (await updateRecord(action.entity, found._id.toHexString(), values, automationWrite(ctx), 'merge')).id;
  };
  if (!action.forEach) return { output: await upsert(), input: { entity: action.entity, ...(inputs[0] as object) } };
  const ids: string[] = [];
  for (const { index, row } of await forEachRowsKept(ctx, action.forEach, action.skipRowsWhere)) ids.push(await upsert(index, row));
  return { output: ids, input: { entity: action.entity, rows: inputs } };
}

export const upsertRecordStep: StepKind<'upsert_record'> = {
  type: 'upsert_record',
  label: { 'zh-CN': '新增或修改记录', en: 'Create or update a record' },
  description: { 'zh-CN': '按匹配字段找到记录则修改，找不到则新增', en: 'Updates the record whose fields match, or creates it' },
  group: 'records',
  schema: {
    type: 'object',
    required: ['entity', 'match', 'values'],
    properties: {
      entity: { type: 'string', title: 'entity' },
      match: { type: 'object', title: 'match', additionalProperties: true },
      values: { type: 'object', title: 'values', additionalProperties: true },
      owner: { type: 'string', enum: ['trigger_owner', 'trigger_creator'], title: 'owner' },
      forEach: { type: 'string', title: 'forEach' },
      skipRowsWhere: { type: 'object', title: 'skipRowsWhere', additionalProperties: true },
    },
  },
  ui: {
    entity: { 'ui:widget': 'entity' },
    match: { 'ui:field': 'values', 'ui:options': { entityFrom: 'entity' } },
    values: { 'ui:field': 'values', 'ui:options': { entityFrom: 'entity' } },
    forEach: { 'ui:widget': 'triggerField', 'ui:options': { types: ['subtable'] } },
  },
  defaults: () => ({ entity: '', match: {}, values: {} }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    const { def, problems } = entityProblem(step.entity, ctx, where);
    if (step.forEach !== undefined && !FIELD_NAME.test(step.forEach)) problems.push(`${where}: forEach must name a sub-table field of the trigger record`);
    if (!step.match || typeof step.match !== 'object' || Object.keys(step.match).length === 0) problems.push(`${where}: match needs at least one field`);
    return [...problems, ...rowSkipProblems(step, ctx, where), ...valueFieldProblems(step.match, def, where), ...valueFieldProblems(step.values, def, where), ...actionReferencesProblems([step.values, step.match], ctx, where)];
  },
  run: runUpsertRecordAction,
};
