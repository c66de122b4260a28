import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { AppError, definitionInvalid } from '@/lib/errors/app-error';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fieldType, numericFormatOf } from '@/lib/fields/registry';
import { pick, type Locale } from '@/lib/i18n/locale';
import { printTemplateProblemsOf } from '@/lib/print/print-template.problems';
import type { PrintDocument, PrintedValue, PrintTemplateDefinition } from '@/lib/print/print.types';
import { getRecord } from '@/lib/records/record.service';
import type { RecordView, RefItem } from '@/lib/records/record.types';
import type { Actor } from '@/lib/users/user.types';

export const printTemplateNotFound = (template: string) => new AppError('not_found', 'print_template_not_found', 'print.notFound', { template });

/** An entity's print template by key, or a 404 naming it. */
export function findPrintTemplate(def: EntityDefinition, key: string): PrintTemplateDefinition {
  const template = def.printTemplates?.find((candidate) => candidate.key === key);
  if (!template) throw printTemplateNotFound(key);
  return template;
}

/** A value as people read it, in one language: related records and users by name, amounts in their currency. */
function valueText(field: FieldDefinition, value: unknown, locale: Locale, names: RefItem[] | undefined): string {
  if (value === undefined || value === null || value === '') return '';
  const refName = names ? names.map((item) => item.name || item.id).join(', ') : undefined;
  try {
    return fieldType(field.type).toText(value, field, { locale, refName });
  } catch {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/**
 * A record laid out by a print template, in the reader's language. The record is read as the
 * reader may read it (lib/permissions: the record in their scope, their field mask applied),
 * so a field they may not see is not printed, in any block.
 */
export function layOut(def: EntityDefinition, template: PrintTemplateDefinition, record: RecordView, locale: Locale, hidden: ReadonlySet<string>): PrintDocument {
  const byKey = new Map(def.fields.map((field) => [field.key, field]));
  const visible = (key: string) => byKey.has(key) && !hidden.has(key);
  const printed = (key: string): PrintedValue => {
    const field = byKey.get(key)!;
    return { key, label: pick(field.label, locale) || key, value: valueText(field, record.data[key], locale, record.refs?.[key]), numeric: Boolean(numericFormatOf(field)) };
  };
  let table: PrintDocument['table'] = null;
  const source = template.table ? byKey.get(template.table.field) : undefined;
  if (template.table && source && visible(source.key)) {
    const columns = template.table.columns.map((key) => source.fields?.find((column) => column.key === key)).filter((column): column is FieldDefinition => Boolean(column));
    const rows = Array.isArray(record.data[source.key]) ? (record.data[source.key] as Record<string, unknown>[]) : [];
    const names = (column: FieldDefinition, id: unknown) => { const item = record.refs?.[`${source.key}.${column.key}`]?.find((candidate) => candidate.id === id); return item ? [item] : undefined; };
    table = {
      label: pick(source.label, locale) || source.key,
      columns: columns.map((column) => ({ key: column.key, label: pick(column.label, locale) || column.key, numeric: Boolean(numericFormatOf(column)) })),
      rows: rows.map((row) => columns.map((column) => valueText(column, row?.[column.key], locale, names(column, row?.[column.key])))),
    };
  }
  return {
    template: { key: template.key, label: pick(template.label, locale) },
    entity: { key: def.key, label: pick(def.label, locale) },
    recordId: record.id,
    title: pick(template.title, locale),
    company: template.company ? pick(template.company, locale) : '',
    number: template.numberField && visible(template.numberField) ? printed(template.numberField) : null,
    date: template.dateField && visible(template.dateField) ? printed(template.dateField) : null,
    fields: template.fields.filter(visible).map(printed),
    table,
    totals: (template.totals ?? []).filter(visible).map(printed),
    signatures: (template.signatures ?? []).map((caption) => pick(caption, locale)),
    footer: template.footer ? pick(template.footer, locale) : '',
  };
}

/** Prints a record with one of its entity's templates (GET /api/records/:entity/:id/print/:template). */
export async function printRecord(entityKey: string, id: string, templateKey: string, actor: Actor, locale: Locale): Promise<PrintDocument> {
  const def = await getEntity(entityKey);
  const record = await getRecord(entityKey, id, actor);
  return layOut(def, findPrintTemplate(def, templateKey), record, locale, actor.access.fieldMask(def).hidden);
}

/**
 * Prints a record with a template being designed (the editor's live preview): the template is
 * checked completely first, so a bad field key is a 400 naming it, never a half-drawn page.
 */
export async function previewPrint(entityKey: string, id: string, template: PrintTemplateDefinition, actor: Actor, locale: Locale): Promise<PrintDocument> {
  const def = await getEntity(entityKey);
  const problems = printTemplateProblemsOf(template, def, `print template "${String(template?.key)}"`);
  if (problems.length > 0) throw definitionInvalid(`print template ${String(template?.key)}`, problems);
  const record = await getRecord(entityKey, id, actor);
  return layOut(def, template, record, locale, actor.access.fieldMask(def).hidden);
}
