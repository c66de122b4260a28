import { collection, recordCollection } from '@/lib/db/collections';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fieldType, isDated } from '@/lib/fields/registry';
import { RECORD_ID } from '@/lib/fields/types/relation';
import { pick, type Locale } from '@/lib/i18n/locale';
import type { Translate } from '@/lib/i18n/messages';
import { matchValue } from '@/lib/imports/import.dedupe';
import { liveRecords } from '@/lib/records/record.filter';
import { cellText, dateCellText, type Cell } from '@/lib/imports/import.readers';
import type { ImportProblem } from '@/lib/imports/import.types';

export type RowProblem = Omit<ImportProblem, 'row'>;

const SEVERAL = '*';
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A lookup of records (or users) by what people write for them. */
class NameIndex {
  private readonly byName = new Map<string, string>();
  readonly ids = new Set<string>();

  add(name: unknown, id: string): void {
    if (name === undefined || name === null || name === '') return;
    const key = lookupKey(String(name));
    if (!key) return;
    const holder = this.byName.get(key);
    this.byName.set(key, holder === undefined || holder === id ? id : SEVERAL);
  }

  find(text: string): string | 'several' | null {
    const trimmed = text.trim();
    if (RECORD_ID.test(trimmed) && this.ids.has(trimmed)) return trimmed;
    const id = this.byName.get(lookupKey(trimmed));
    return id === SEVERAL ? 'several' : (id ?? null);
  }
}

function lookupKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** A related entity's records by display value and by each unique text field (one read of the target). */
async function relationIndex(target: EntityDefinition): Promise<NameIndex> {
  const index = new NameIndex();
  const keys = [...new Set([target.displayField, ...target.fields.filter((field) => field.unique).map((field) => field.key)])];
  const cursor = (await recordCollection(target.key)).find(liveRecords(), { projection: Object.fromEntries(keys.map((key) => [key, 1])), batchSize: 5000 });
  for await (const doc of cursor) {
    const id = doc._id.toHexString();
    index.ids.add(id);
    for (const key of keys) {
      const field = target.fields.find((candidate) => candidate.key === key);
      const value = doc[key];
      // A phone is found by its digits too.
      index.add(value, id);
      if (field?.type === 'phone') index.add(matchValue(field, value), id);
    }
  }
  return index;
}

async function userIndex(): Promise<NameIndex> {
  const index = new NameIndex();
  for (const user of await (await collection('users')).find({ active: true }, { projection: { email: 1, name: 1 } }).toArray()) {
    const id = user._id.toHexString();
    index.ids.add(id);
    index.add(user.email, id);
    index.add(user.name, id);
  }
  return index;
}

/** "25/11/2026": day first when the first number cannot be a month, month first when the second cannot; else ambiguous. */
function slashedDay(text: string): string | null | 'ambiguous' {
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!match) return null;
  const [a, b, year] = [Number(match[1]), Number(match[2]), match[3]];
  const pad = (n: number) => String(n).padStart(2, '0');
  if (a > 12 && b <= 12) return `${year}-${pad(b)}-${pad(a)}`;
  if (b > 12 && a <= 12) return `${year}-${pad(a)}-${pad(b)}`;
  if (a === b) return `${year}-${pad(a)}-${pad(b)}`;
  return 'ambiguous';
}

/** An Excel serial day number (45986 = 2025-11-25) as a date. */
function excelSerial(serial: number): Date | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * 86_400_000));
}

/** What a date or moment cell says, in a form the type's fromText reads. */
function dateLikeText(cell: Cell, field: FieldDefinition): string {
  if (typeof cell === 'number') {
    const date = excelSerial(cell);
    return date ? dateCellText(date) : String(cell);
  }
  const text = cellText(cell).trim();
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const date = excelSerial(Number(text));
    if (date) return dateCellText(date);
  }
  const [day, ...rest] = text.split(/\s+/);
  // 2026/11/25 and 2026.11.25 as the ISO day the type reads first.
  const ymd = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(day);
  if (ymd) return [`${ymd[1]}-${ymd[2].padStart(2, '0')}-${ymd[3].padStart(2, '0')}`, ...rest].join(' ');
  const slashed = slashedDay(day);
  if (slashed && slashed !== 'ambiguous') return [slashed, ...rest].join(' ');
  // A date column exported with a midnight time ("2026-11-25 00:00:00").
  if (field.type === 'date' && rest.length === 1 && /^0{1,2}:00(:00)?$/.test(rest[0])) return day;
  return text;
}

/** A number cell as text without binary noise (Excel shows 15 significant digits). */
function numberText(value: number): string {
  return String(Number(value.toPrecision(15)));
}

/**
 * Turns the cells of a row into record input through each field type's fromText, with
 * relations and users found by what people write for them. Problems name the column.
 */
export class RowConverter {
  private constructor(
    private readonly columns: { index: number; name: string; field: FieldDefinition; targetLabel: string }[],
    private readonly relations: Map<string, NameIndex>,
    private readonly users: NameIndex | null,
    private readonly t: Translate,
    private readonly locale: Locale,
  ) {}

  static async create(def: EntityDefinition, columns: string[], mapping: (string | null)[], t: Translate, locale: Locale): Promise<RowConverter> {
    const mapped: RowConverter['columns'] = [];
    const relations = new Map<string, NameIndex>();
    let users: NameIndex | null = null;
    for (const [index, key] of mapping.entries()) {
      const field = key ? def.fields.find((candidate) => candidate.key === key) : undefined;
      if (!field) continue;
      let targetLabel = '';
      if (field.type === 'relation' && field.relation) {
        const target = await getEntity(field.relation.entity);
        targetLabel = pick(target.label, locale);
        if (!relations.has(target.key)) relations.set(target.key, await relationIndex(target));
      }
      if (field.type === 'user') users ??= await userIndex();
      mapped.push({ index, name: columns[index] ?? `#${index + 1}`, field, targetLabel });
    }
    return new RowConverter(mapped, relations, users, t, locale);
  }

  convert(cells: Cell[]): { input: Record<string, unknown>; problems: RowProblem[] } {
    const input: Record<string, unknown> = {};
    const problems: RowProblem[] = [];
    for (const { index, name, field, targetLabel } of this.columns) {
      const cell = cells[index] ?? null;
      if (cellText(cell).trim() === '') continue;
      const outcome = this.value(cell, field, name, targetLabel);
      if ('problem' in outcome) problems.push({ column: name, field: field.key, message: outcome.problem });
      else if (outcome.value !== undefined) input[field.key] = outcome.value;
    }
    return { input, problems };
  }

  private value(cell: Cell, field: FieldDefinition, column: string, targetLabel: string): { value: unknown } | { problem: string } {
    const text = cellText(cell).trim();
    if (field.type === 'relation' && field.relation) {
      const index = this.relations.get(field.relation.entity)!;
      const parts = field.relation.many ? text.split(/[,，;；、|\n]+/).map((part) => part.trim()).filter(Boolean) : [text];
      const ids: string[] = [];
      for (const part of parts) {
        const id = index.find(part);
        if (id === 'several') return { problem: this.t('imports.row.relationAmbiguous', { column, entity: targetLabel, value: part }) };
        if (!id) return { problem: this.t('imports.row.relationUnknown', { column, entity: targetLabel, value: part }) };
        if (!ids.includes(id)) ids.push(id);
      }
      return { value: field.relation.many ? ids : ids[0] };
    }
    if (field.type === 'user') {
      const id = this.users!.find(text);
      if (id === 'several') return { problem: this.t('imports.row.userAmbiguous', { column, value: text }) };
      return id ? { value: id } : { problem: this.t('imports.row.userUnknown', { column, value: text }) };
    }
    let source = text;
    if (isDated(field)) source = dateLikeText(cell, field);
    else if (typeof cell === 'number') source = numberText(cell);
    else if (typeof cell === 'boolean') source = cell ? 'true' : 'false';
    const parsed = fieldType(field.type).fromText(source, field);
    if (parsed.ok) return { value: parsed.value };
    if (parsed.decimals !== undefined) {
      return { problem: this.t('imports.row.tooManyDecimals', { column, value: text, field: pick(field.label, this.locale) || field.key, decimals: parsed.decimals }) };
    }
    return { problem: this.t('imports.row.invalidValue', { column, value: text, type: pick(fieldType(field.type).label, this.locale) }) };
  }
}

