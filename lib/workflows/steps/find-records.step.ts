import { OPEN_MASK } from '@/lib/permissions/field-mask';
import { recordCollection } from '@/lib/db/collections';
import { getEntity } from '@/lib/entities/entity.service';
import type { FilterGroup } from '@/lib/fields/field.types';
import { combine, mongoFilter, mongoSort, parseSort } from '@/lib/records/record.filter';
import type { RecordDoc } from '@/lib/records/record.types';
import { conditionProblems } from '@/lib/workflows/conditions';
import { evaluateValue, type ExpressionScope } from '@/lib/workflows/value-expression';
import type { ConditionGroup, FindRecordsStep, ValueExpression } from '@/lib/workflows/workflow.types';
import { actionReferencesProblems } from './step-problems';
import { entityProblem, expressionScope, type StepContext, type StepKind } from './step-context';

const MAX = 500;

/** A condition group with its placeholders filled, ready for the list's filter (field types check every value). */
export function filledFilter(group: ConditionGroup | undefined, scope: ExpressionScope): FilterGroup | undefined {
  if (!group) return undefined;
  const fill = (value: unknown) => (typeof value === 'string' ? evaluateValue(value as ValueExpression, scope) : value);
  return { match: group.match, conditions: group.conditions.map((condition) => ({ ...condition, value: Array.isArray(condition.value) ? condition.value.map(fill) : fill(condition.value) })) };
}

/** The records of an entity a condition group selects (never those in the recycle bin). */
export async function findMatching(entity: string, group: FilterGroup | undefined, options: { sort?: FindRecordsStep['sort']; limit?: number; projection?: Record<string, 1> } = {}): Promise<RecordDoc[]> {
  const def = await getEntity(entity);
  const filter = combine(mongoFilter(def, group, { actorId: 'automation', mask: OPEN_MASK, locale: 'en' }), { _deletedAt: { $exists: false } });
  const sort = options.sort ? mongoSort(parseSort(def, [options.sort], OPEN_MASK)) : { _id: 1 as const };
  const cursor = (await recordCollection(entity)).find(filter, options.projection ? { projection: options.projection } : undefined).sort(sort);
  return cursor.limit(Math.min(options.limit ?? MAX, MAX)).toArray();
}

async function runFind(step: FindRecordsStep, ctx: StepContext) {
  const filter = filledFilter(step.filter, expressionScope(ctx));
  const found = await findMatching(step.entity, filter, { sort: step.sort, limit: step.limit ?? 100, projection: { _id: 1 } });
  const ids = found.map((doc) => doc._id.toHexString());
  return { output: { ids, count: ids.length, first: ids[0] ?? null }, input: { entity: step.entity, filter } };
}

export const findRecordsStep: StepKind<'find_records'> = {
  type: 'find_records',
  label: { 'zh-CN': '查找记录', en: 'Find records' },
  description: { 'zh-CN': '按条件查找记录，供后面的步骤使用：{{steps.<id>.ids}}、count、first', en: 'Finds records for later steps: {{steps.<id>.ids}}, count, first' },
  group: 'records',
  schema: {
    type: 'object',
    required: ['entity'],
    properties: {
      entity: { type: 'string', title: 'entity' },
      filter: { type: 'object', title: 'filter' },
      sort: { type: 'object', title: 'sort', properties: { field: { type: 'string' }, direction: { type: 'string', enum: ['asc', 'desc'] } } },
      limit: { type: 'integer', title: 'limit', minimum: 1, maximum: MAX, default: 100 },
    },
  },
  ui: { entity: { 'ui:widget': 'entity' }, filter: { 'ui:field': 'conditions', 'ui:options': { entityFrom: 'entity' } }, sort: { 'ui:field': 'sort', 'ui:options': { entityFrom: 'entity' } } },
  defaults: () => ({ entity: '', filter: { match: 'all', conditions: [] }, limit: 100 }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    const { def, problems } = entityProblem(step.entity, ctx, where);
    if (def) problems.push(...conditionProblems(step.filter, def, where, ctx.earlier).filter((problem) => !problem.includes('{{')));
    if (step.limit !== undefined && !(Number.isInteger(step.limit) && step.limit >= 1 && step.limit <= MAX)) problems.push(`${where}: limit must be 1 to ${MAX}`);
    return [...problems, ...actionReferencesProblems(step.filter, ctx, where)];
  },
  run: runFind,
};
