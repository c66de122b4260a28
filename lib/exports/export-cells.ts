import type { FieldDefinition } from '@/lib/fields/field.types';
import { Decimal } from '@/lib/fields/decimal';
import { isSealed, unseal } from '@/lib/security/field-crypto';

/** A sensitive field's value decrypted for the file (the caller may see the field). */
function openValue(value: unknown): unknown {
  return isSealed(value) ? unseal(value) : value;
}
import { moneyScale } from '@/lib/fields/types/money';
import { dayjs } from '@/lib/fields/dates';
import { fieldType } from '@/lib/fields/registry';
import { formulaResultField, formulaResultType } from '@/lib/fields/types/formula';
import type { Locale } from '@/lib/i18n/locale';
import type { RecordDoc, RefItem } from '@/lib/records/record.types';
import type { ExportColumn } from './export-columns';

type Refs = Record<string, RefItem[]>;
/** What an XLSX cell holds: numbers and dates typed, the rest as text. */
export type SheetValue = string | number | Date | null;

const STAMP = 'YYYY-MM-DD HH:mm';

function refText(refs: Refs, path: string): string | undefined {
  const items = refs[path];
  return items ? items.map((item) => item.name || item.id).join(', ') : undefined;
}

function systemValue(column: ExportColumn, doc: RecordDoc): Date | string {
  if (column.system === 'createdAt') return doc._createdAt;
  if (column.system === 'updatedAt') return doc._updatedAt;
  return doc._ownerId;
}

/**
 * The cell as text (what an import reads back): numbers as plain decimals (the type's
 * toPlainText), the rest as the type's toText with the names of related records and users.
 */
export function cellText(column: ExportColumn, doc: RecordDoc, refs: Refs, locale: Locale): string {
  if (column.system === 'ownerId') return refText(refs, 'ownerId') ?? doc._ownerId;
  if (column.system) return dayjs(systemValue(column, doc)).format(STAMP);
  const value = openValue(doc[column.key]);
  if (value === undefined || value === null) return '';
  try {
    const type = fieldType(column.field.type);
    if (type.toPlainText) return type.toPlainText(value, column.field);
    return type.toText(value, column.field, { locale, refName: refText(refs, column.key) });
  } catch {
    // A retyped field may hold an old value its type does not read; export it as it is.
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** A moment as Excel shows it: the server's wall-clock time (as the CSV's text), kept as a date. */
function sheetMoment(value: Date | string): Date | null {
  const moment = dayjs(value);
  if (!moment.isValid()) return null;
  return new Date(Date.UTC(moment.year(), moment.month(), moment.date(), moment.hour(), moment.minute(), moment.second()));
}

/** The field as its stored value is typed: a formula follows its result. */
function typed(field: FieldDefinition): FieldDefinition {
  return field.type === 'formula' ? { ...formulaResultField(field), type: formulaResultType(field).key } : field;
}

/** The cell for XLSX: numbers as numbers, money in major units, dates as dates; other types as their text. */
export function sheetValue(column: ExportColumn, doc: RecordDoc, refs: Refs, locale: Locale): SheetValue {
  if (column.system === 'createdAt' || column.system === 'updatedAt') return sheetMoment(systemValue(column, doc));
  if (column.system) return cellText(column, doc, refs, locale);
  const field = typed(column.field);
  const value = openValue(doc[column.key]);
  switch (field.type) {
    case 'number':
    case 'percent':
    case 'rollup':
      return typeof value === 'number' ? value : null;
    case 'money':
      return typeof value === 'number' ? new Decimal(value).div(new Decimal(10).pow(moneyScale(field))).toNumber() : null;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
    case 'datetime':
      return typeof value === 'string' ? sheetMoment(value) : null;
    default: {
      const text = cellText(column, doc, refs, locale);
      return text === '' ? null : text;
    }
  }
}

function currencySymbol(currency: string, locale: Locale): string {
  const part = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(0).find((candidate) => candidate.type === 'currency');
  return (part?.value ?? currency).replace(/"/g, '');
}

const decimals = (places: number) => (places > 0 ? `.${'0'.repeat(places)}` : '');

/** The Excel number format of a column, when its cells are numbers or dates. */
export function sheetFormat(column: ExportColumn, locale: Locale): string | undefined {
  if (column.system === 'createdAt' || column.system === 'updatedAt') return 'yyyy-mm-dd hh:mm';
  if (column.system) return undefined;
  const field = typed(column.field);
  switch (field.type) {
    case 'number':
      // Without a precision the number keeps what was typed: Excel's General shows it all.
      return field.precision === undefined ? undefined : `#,##0${decimals(field.precision)}`;
    case 'percent':
      // The stored percentage (15 for 15 %), so that the value reads back as it was written.
      return field.precision === undefined ? 'General"%"' : `0${decimals(field.precision)}"%"`;
    case 'money': {
      const symbol = currencySymbol(field.currency ?? 'CNY', locale);
      const amount = `#,##0${decimals(moneyScale(field))}`;
      return `"${symbol}"${amount};-"${symbol}"${amount}`;
    }
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm';
    default:
      return undefined;
  }
}
