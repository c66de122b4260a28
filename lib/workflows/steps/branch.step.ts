import { getEntity } from '@/lib/entities/entity.service';
import { conditionProblems, conditionsHold } from '@/lib/workflows/conditions';
import type { BranchStep } from '@/lib/workflows/workflow.types';
import { expressionScope, type StepContext, type StepKind } from './step-context';

async function runBranch(step: BranchStep, ctx: StepContext) {
  const def = ctx.triggerEntity ? await getEntity(ctx.triggerEntity).catch(() => null) : null;
  const scope = expressionScope(ctx);
  const index = step.branches.findIndex((branch) => conditionsHold(branch.condition, def, scope));
  const chosen = index >= 0 ? step.branches[index].actions : step.otherwise ?? [];
  return { output: { branch: index >= 0 ? index : 'otherwise', name: index >= 0 ? step.branches[index].name ?? null : null }, input: { branches: step.branches.length }, then: chosen };
}

export const branchStep: StepKind<'branch'> = {
  type: 'branch',
  label: { 'zh-CN': '条件分支', en: 'Branch' },
  description: { 'zh-CN': '如果……否则如果……否则：第一个满足条件的分支执行', en: 'If … else if … else: the first branch whose condition holds runs' },
  group: 'flow',
  schema: {
    type: 'object',
    required: ['branches'],
    properties: {
      branches: { type: 'array', title: 'branches', minItems: 1, items: { type: 'object', required: ['condition', 'actions'], properties: { name: { type: 'string' }, condition: { type: 'object' }, actions: { type: 'array' } } } },
      otherwise: { type: 'array', title: 'otherwise' },
    },
  },
  ui: {},
  defaults: () => ({ branches: [{ name: '', condition: { match: 'all', conditions: [] }, actions: [] }], otherwise: [] }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    if (!Array.isArray(step.branches) || step.branches.length === 0) return [`${where}: a branch needs at least one condition`];
    return step.branches.flatMap((branch, index) => conditionProblems(branch?.condition, ctx.triggerEntity, `${where}, branch ${index + 1}`, ctx.earlier));
  },
  run: runBranch,
  children: (step) => [...(step.branches ?? []).map((branch) => branch.actions ?? []), step.otherwise ?? []],
};
