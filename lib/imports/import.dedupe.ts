import type { Filter } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import { combine } from '@/lib/records/record.filter';
import type { RecordDoc } from '@/lib/records/record.types';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { normaliseValue } from '@/lib/records/record.validation';
import { comparable } from '@/lib/records/unique-values';
import { liveRecords } from '@/lib/records/record.filter';
import type { DedupeRule } from '@/lib/imports/import.types';

/**
 * One value as rows are matched on it: the comparison unique values use (text NFKC-folded,
 * case-folded, without whitespace; a phone by its digits, without a leading 86/0086 before an
 * 11-digit mobile). Lists compare as sets. Null: no value.
 */
export function matchValue(field: FieldDefinition, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(String).sort().join('\u0002');
  if (typeof value === 'object') return JSON.stringify(value);
  return comparable(field, value);
}

const SEVERAL = '*';

/**
 * Matches rows against the records already stored and against earlier rows of the same file.
 * With only unique fields chosen, a row matches a record that shares any one of them; with
 * other fields, it matches one that shares all of them.
 */
export class Deduper {
  /** match key → record id, or SEVERAL */
  private readonly existing = new Map<string, string>();
  /** match key → { line, record id } of the earlier row */
  private readonly inFile = new Map<string, { line: number; recordId: string }>();
  /** What earlier rows held (record id → their input as JSON), to tell a skipped row's conflicting values. */
  private readonly inputs = new Map<string, string>();
  private readonly anyField: boolean;

  private constructor(
    private readonly fields: FieldDefinition[],
    readonly rule: DedupeRule,
  ) {
    this.anyField = fields.every((field) => field.unique);
  }

  get active(): boolean {
    return this.fields.length > 0 && this.rule.mode !== 'create';
  }

  /**
   * Reads the stored records once (only the matched fields). Records an earlier attempt of
   * this same import wrote count as earlier rows of the file, not as existing records.
   */
  static async load(def: EntityDefinition, rule: DedupeRule, importId: string, scope: Filter<RecordDoc> = {}): Promise<Deduper> {
    const fields = rule.fields.map((key) => def.fields.find((field) => field.key === key)).filter((field): field is FieldDefinition => Boolean(field));
    const deduper = new Deduper(fields, rule);
    if (!deduper.active) return deduper;
    const projection = Object.fromEntries([...fields.map((field) => [field.key, 1]), ['_importId', 1]]);
    const cursor = (await recordCollection(def.key)).find(combine(liveRecords(), scope), { projection, batchSize: 5000 });
    for await (const doc of cursor) {
      const id = doc._id.toHexString();
      const keys = deduper.keysOfStored(doc);
      if (doc._importId === importId) {
        for (const key of keys) deduper.inFile.set(key, { line: 0, recordId: id });
        continue;
      }
      for (const key of keys) {
        const holder = deduper.existing.get(key);
        deduper.existing.set(key, holder === undefined || holder === id ? id : SEVERAL);
      }
    }
    return deduper;
  }

  private keysOfStored(values: Record<string, unknown>): string[] {
    const parts = this.fields.map((field) => {
      const value = matchValue(field, values[field.key]);
      return value === null ? null : `${field.key}=${value}`;
    });
    if (this.anyField) return parts.filter((part): part is string => part !== null);
    return parts.some((part) => part === null) ? [] : [parts.join('\u0001')];
  }

  /** The match keys of a row's input (its values normalised as the record service would). */
  keysOf(input: Record<string, unknown>): string[] {
    if (!this.active) return [];
    const values: Record<string, unknown> = {};
    for (const field of this.fields) values[field.key] = normaliseValue(field, input[field.key]);
    return this.keysOfStored(values);
  }

  /** The stored record the keys match: an id, "several", or null. */
  matchExisting(keys: string[]): string | 'several' | null {
    const ids = new Set(keys.map((key) => this.existing.get(key)).filter((id): id is string => id !== undefined));
    if (ids.has(SEVERAL) || ids.size > 1) return 'several';
    return ids.size === 1 ? [...ids][0] : null;
  }

  /** The earlier row of the file the keys match (not the row's own record from an earlier attempt). */
  matchInFile(keys: string[], ownId: string): { line: number; recordId: string } | null {
    for (const key of keys) {
      const earlier = this.inFile.get(key);
      if (earlier && earlier.recordId !== ownId) return earlier;
    }
    return null;
  }

  remember(keys: string[], line: number, recordId: string, input?: Record<string, unknown>): void {
    for (const key of keys) if (!this.inFile.has(key) || this.inFile.get(key)!.recordId === recordId) this.inFile.set(key, { line, recordId });
    // Kept only when skipped duplicates are to be compared with it (as compact text: files run to 100,000 rows).
    if (input && this.rule.mode === 'skip') this.inputs.set(recordId, JSON.stringify(input));
  }

  forget(keys: string[], recordId: string): void {
    for (const key of keys) if (this.inFile.get(key)?.recordId === recordId) this.inFile.delete(key);
    this.inputs.delete(recordId);
  }

  /** The input of the earlier row that created this record, when this run saw it. */
  earlierInput(recordId: string): Record<string, unknown> | undefined {
    const text = this.inputs.get(recordId);
    return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
  }

  fieldNames(): string {
    return this.fields.map((field) => field.key).join(', ');
  }
}

