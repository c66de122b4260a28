import type { EntityDefinition } from '@/lib/entities/entity.types';
import { computeFormulas } from '@/lib/records/record.compute';

/**
 * The values with their formulas computed as the server will on save (the same module), so
 * a line amount or a total shows while typing. Half-typed input the formulas cannot use yet
 * leaves the values as they are: the server has the last word.
 */
export function withFormulas(def: EntityDefinition, values: Record<string, unknown>): Record<string, unknown> {
  const hasFormulas = def.fields.some((field) => field.type === 'formula' || field.fields?.some((column) => column.type === 'formula'));
  if (!hasFormulas) return values;
  const computed = structuredClone(values);
  try {
    computeFormulas(def, computed);
    return computed;
  } catch {
    return values;
  }
}
