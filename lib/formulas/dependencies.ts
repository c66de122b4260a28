import { FormulaError } from '@/lib/formulas/errors';
import type { CompiledFormula } from '@/lib/formulas/index';

/**
 * Orders formula keys so that each comes after the formulas it reads.
 * Only plain identifiers count: a dotted one is a sub-table column, never another formula of the record.
 */
export function formulaDependencies(formulas: Record<string, CompiledFormula>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (key: string) => {
    if (done.has(key)) return;
    if (path.includes(key)) {
      const cycle = [...path.slice(path.indexOf(key)), key];
      throw new FormulaError(`circular reference: ${cycle.join(' -> ')}`, 0);
    }
    path.push(key);
    for (const reference of formulas[key].references) {
      if (!reference.includes('.') && Object.hasOwn(formulas, reference)) visit(reference);
    }
    path.pop();
    done.add(key);
    order.push(key);
  };
  Object.keys(formulas).forEach(visit);
  return order;
}
