import Decimal from 'decimal.js';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { moneyScale } from '@/lib/fields/types/money';
import { fieldType } from '@/lib/fields/registry';
import { compileFormula, formulaDependencies, type CompiledFormula, type FormulaScope, type FormulaValue } from '@/lib/formulas';

export class FormulaFailed extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const compiled = new Map<string, CompiledFormula>();

function formulaOf(field: FieldDefinition): CompiledFormula {
  const source = field.formula!.expression;
  let formula = compiled.get(source);
  if (!formula) {
    formula = compileFormula(source);
    if (compiled.size > 5000) compiled.clear();
    compiled.set(source, formula);
  }
  return formula;
}

/** A formula's result in the stored form of its result type; null means no value. */
function stored(field: FieldDefinition, result: FormulaValue): unknown {
  if (result === null || result === undefined) return undefined;
  const settings = field.formula!;
  if (settings.result === 'text') return Array.isArray(result) ? result.join(', ') : String(result);
  if (!Decimal.isDecimal(result)) throw new FormulaFailed(field.key, `the result is ${typeof result}, not a number`);
  const number = new Decimal(result);
  if (settings.result === 'money') {
    const minor = number.mul(new Decimal(10).pow(moneyScale({ currency: settings.currency ?? field.currency, scale: settings.scale }))).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
    if (minor.abs().gt(Number.MAX_SAFE_INTEGER)) throw new FormulaFailed(field.key, 'the amount is too large');
    return minor.toNumber();
  }
  // A percent formula computes a fraction (won / total); the stored percent is that × 100.
  const scaled = settings.result === 'percent' ? number.mul(100) : number;
  return scaled.toDecimalPlaces(settings.precision ?? 2, Decimal.ROUND_HALF_UP).toNumber();
}

/** Evaluates the formulas among `fields` into `values`, each after the formulas it reads. */
function computeLevel(fields: FieldDefinition[], values: Record<string, unknown>, scope: FormulaScope): void {
  const formulas = fields.filter((field) => field.type === 'formula' && field.formula?.expression);
  if (formulas.length === 0) return;
  const byKey = new Map(formulas.map((field) => [field.key, field]));
  const order = formulaDependencies(Object.fromEntries(formulas.map((field) => [field.key, formulaOf(field)])));
  for (const key of order) {
    const field = byKey.get(key)!;
    let result: FormulaValue;
    try {
      result = formulaOf(field).evaluate(scope);
    } catch (error) {
      throw new FormulaFailed(field.key, (error as Error).message);
    }
    const value = stored(field, result);
    if (value === undefined) delete values[key];
    else values[key] = value;
    scope[key] = fieldType('formula').toFormula!(value, field) as FormulaValue;
  }
}

/** A record's values as formulas read them (also a workflow's calculate step). */
export function formulaScopeOf(fields: FieldDefinition[], values: Record<string, unknown>): FormulaScope {
  return scopeOf(fields, values);
}

function scopeOf(fields: FieldDefinition[], values: Record<string, unknown>): FormulaScope {
  const scope: FormulaScope = {};
  for (const field of fields) {
    const toFormula = fieldType(field.type).toFormula;
    scope[field.key] = (toFormula ? toFormula(values[field.key], field) : null) as FormulaValue;
  }
  return scope;
}

/**
 * Computes every formula of a record on the server, sub-table rows first (a line amount)
 * then the record (an order total that sums them). Results are stored like typed values.
 */
export function computeFormulas(def: EntityDefinition, data: Record<string, unknown>): void {
  for (const table of def.fields.filter((field) => field.type === 'subtable')) {
    const columns = table.fields ?? [];
    if (!columns.some((column) => column.type === 'formula')) continue;
    const rows = Array.isArray(data[table.key]) ? (data[table.key] as Record<string, unknown>[]) : [];
    rows.forEach((row, index) => {
      try {
        computeLevel(columns, row, scopeOf(columns, row));
      } catch (error) {
        if (error instanceof FormulaFailed) throw new FormulaFailed(table.key, `row ${index + 1}, ${error.field}: ${error.message}`);
        throw error;
      }
    });
  }
  computeLevel(def.fields, data, scopeOf(def.fields, data));
}
