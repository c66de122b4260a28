import { actionReferences } from '@/lib/workflows/value-expression';
import type { ProblemContext } from './step-context';

export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** A value may read only steps that run before it. */
export function actionReferencesProblems(values: unknown, ctx: ProblemContext, where: string): string[] {
  return actionReferences(values)
    .filter((id) => !ctx.earlier.has(id))
    .map((id) => `${where}: reads {{steps.${id}}}, which is not an earlier step`);
}
