import { createRecord, prepareRecordPreview } from '@/lib/records/record.service';
import { evaluateValues } from '@/lib/workflows/value-expression';
import type { ActionOutput, CreateRecordAction } from '@/lib/workflows/workflow.types';
import { actionReferencesProblems, FIELD_NAME } from './step-problems';
import { actionRecordId, automationWrite, entityProblem, expressionScope, forEachRowsKept, ownerFor, rowSkipProblems, valueFieldProblems, type StepContext, type StepKind } from './step-context';

export { actionRecordId } from './step-context';

/**
 * Creates a record — or, with forEach, one per row of a sub-table of the trigger record.
 * Ids come from the run, the step and the row, so a retried run finds what it made.
 */
export async function runCreateRecordAction(action: CreateRecordAction, ctx: StepContext): Promise<{ output: ActionOutput; input: unknown }> {
  const inputs: Record<string, unknown>[] = [];
  const create = async (rowIndex?: number, row?: Record<string, unknown>) => {
    const values = evaluateValues(action.values, expressionScope(ctx, row));
    inputs.push(values);
    if (ctx.dryRun) {
      await prepareRecordPreview(action.entity, values, automationWrite(ctx));
      return `(new ${action.entity})`;
    }
    const { record } = await createRecord(action.entity, values, automationWrite(ctx), {
      id: actionRecordId(ctx.runId, action.id, rowIndex),
      ownerId: ownerFor(ctx, action.owner),
    });
    return record.id;
  };
  if (!action.forEach) return { output: await create(), input: { entity: action.entity, values: inputs[0] } };
  const ids: string[] = [];
  for (const { index, row } of await forEachRowsKept(ctx, action.forEach, action.skipRowsWhere)) ids.push(await create(index, row));
  return { output: ids, input: { entity: action.entity, rows: inputs } };
}

export const createRecordStep: StepKind<'create_record'> = {
  type: 'create_record',
  label: { 'zh-CN': '新增记录', en: 'Create a record' },
  description: { 'zh-CN': '在某个实体中新增一条记录（可按子表每行各建一条）', en: 'Adds a record to an entity (or one per row of a sub-table)' },
  group: 'records',
  schema: {
    type: 'object',
    required: ['entity', 'values'],
    properties: {
      entity: { type: 'string', title: 'entity' },
      values: { type: 'object', title: 'values', additionalProperties: true },
      owner: { type: 'string', enum: ['trigger_owner', 'trigger_creator'], title: 'owner' },
      forEach: { type: 'string', title: 'forEach' },
      skipRowsWhere: { type: 'object', title: 'skipRowsWhere', additionalProperties: true },
    },
  },
  ui: { entity: { 'ui:widget': 'entity' }, values: { 'ui:field': 'values', 'ui:options': { entityFrom: 'entity' } }, forEach: { 'ui:widget': 'triggerField', 'ui:options': { types: ['subtable'] } } },
  defaults: () => ({ entity: '', values: {} }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    const { def, problems } = entityProblem(step.entity, ctx, where);
    if (step.forEach !== undefined && !FIELD_NAME.test(step.forEach)) problems.push(`${where}: forEach must name a sub-table field of the trigger record`);
    return [...problems, ...rowSkipProblems(step, ctx, where), ...valueFieldProblems(step.values, def, where), ...actionReferencesProblems(step.values, ctx, where)];
  },
  run: runCreateRecordAction,
};
