import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { isFieldTypeKey, numericFormatOf } from '@/lib/fields/registry';
import { isObject } from '@/lib/fields/settings-checks';
import type { PrintTemplateDefinition } from '@/lib/print/print.types';

export const PRINT_TEMPLATE_KEY = /^[a-z][a-z0-9_-]{0,47}$/;
const MAX_SIGNATURES = 4;
const MAX_TEXT = 500;

const isText = (value: unknown) => isObject(value) && Object.values(value).every((part) => typeof part === 'string' && part.length <= MAX_TEXT) && Object.values(value).some((part) => part !== '');

/** A field that prints as one value: any field but a sub-table (that is the table block). */
function printable(field: FieldDefinition | undefined): boolean {
  return Boolean(field && isFieldTypeKey(field.type) && field.type !== 'subtable');
}

/** What is wrong with one print template, one line each, against its entity's fields; never throws. */
export function printTemplateProblemsOf(template: PrintTemplateDefinition, def: Pick<EntityDefinition, 'fields'>, where: string): string[] {
  if (!isObject(template)) return [`${where}: a print template must be an object`];
  const fields = Array.isArray(def.fields) ? def.fields.filter(isObject) : [];
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const problems: string[] = [];
  if (typeof template.key !== 'string' || !PRINT_TEMPLATE_KEY.test(template.key)) problems.push(`${where}: key must match ${PRINT_TEMPLATE_KEY}`);
  if (!isText(template.label)) problems.push(`${where}: needs a label`);
  if (!isText(template.title)) problems.push(`${where}: needs a title`);
  if (template.company !== undefined && !isText(template.company)) problems.push(`${where}: the company must be a text in each language`);
  if (template.footer !== undefined && !isText(template.footer)) problems.push(`${where}: the footer must be a text in each language`);
  for (const [name, key] of [['numberField', template.numberField], ['dateField', template.dateField]] as const) {
    if (key !== undefined && !printable(byKey.get(key as string))) problems.push(`${where}: ${name} "${String(key)}" is not a field`);
  }
  if (!Array.isArray(template.fields)) problems.push(`${where}: fields must be a list of field keys`);
  else {
    if (new Set(template.fields).size !== template.fields.length) problems.push(`${where}: a field is listed twice`);
    for (const key of template.fields) if (!printable(byKey.get(key))) problems.push(`${where}: "${String(key)}" is not a field that can be printed`);
  }
  if (template.table !== undefined) {
    const table = template.table as unknown;
    const source = isObject(table) && typeof table.field === 'string' ? byKey.get(table.field) : undefined;
    if (!isObject(table) || source?.type !== 'subtable') problems.push(`${where}: the table must name a sub-table field`);
    else if (!Array.isArray(table.columns) || table.columns.length === 0) problems.push(`${where}: the table needs at least one column`);
    else for (const column of table.columns) if (!source.fields?.some((candidate) => candidate.key === column)) problems.push(`${where}: "${String(column)}" is not a column of ${source.key}`);
  }
  if (template.totals !== undefined) {
    if (!Array.isArray(template.totals)) problems.push(`${where}: totals must be a list of field keys`);
    else for (const key of template.totals) {
      const field = byKey.get(key);
      if (!field || !isFieldTypeKey(field.type) || !numericFormatOf(field)) problems.push(`${where}: total "${String(key)}" is not a number or money field`);
    }
  }
  if (template.signatures !== undefined) {
    if (!Array.isArray(template.signatures) || template.signatures.length > MAX_SIGNATURES || !template.signatures.every(isText)) problems.push(`${where}: signatures must be up to ${MAX_SIGNATURES} captions, each a text in each language`);
  }
  const known = new Set(['key', 'label', 'title', 'company', 'numberField', 'dateField', 'fields', 'table', 'totals', 'signatures', 'footer']);
  for (const key of Object.keys(template)) if (!known.has(key)) problems.push(`${where}: "${key}" is not a print template setting`);
  return problems;
}

/** An entity's print templates: a list with unique keys, each sound. */
export function printTemplateProblems(def: EntityDefinition): string[] {
  if (def.printTemplates === undefined || def.printTemplates === null) return [];
  if (!Array.isArray(def.printTemplates)) return ['printTemplates must be a list'];
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const template of def.printTemplates) {
    const where = `print template "${String(template?.key)}"`;
    if (keys.has(template?.key)) problems.push(`${where}: key is used twice`);
    keys.add(template?.key);
    problems.push(...printTemplateProblemsOf(template, def, where));
  }
  return problems;
}
