import { describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { csvField, csvLine } from '@/lib/exports/csv-text';
import { cellText, sheetFormat, sheetValue } from '@/lib/exports/export-cells';
import type { ExportColumn } from '@/lib/exports/export-columns';
import type { FieldDefinition } from '@/lib/fields/field.types';
import type { RecordDoc } from '@/lib/records/record.types';

const column = (field: Omit<FieldDefinition, 'label'>): ExportColumn => ({ key: field.key, label: field.key, field: { ...field, label: { 'zh-CN': field.key, en: field.key } } });
const at = new Date('2026-11-25T10:00:00Z');
const doc = (data: Record<string, unknown>): RecordDoc => ({ _id: new ObjectId(), _ownerId: 'u1', _createdAt: at, _createdBy: 'u1', _updatedAt: at, _updatedBy: 'u1', _version: 1, ...data });

describe('CSV text (RFC 4180)', () => {
  it('quotes only fields with a quote, comma or line break, doubling quotes, and ends records with CRLF', () => {
    expect(csvField('plain 中文')).toBe('plain 中文');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvLine(['a', '', 'b,c'])).toBe('a,,"b,c"\r\n');
  });
});

describe('export cells', () => {
  const money = column({ key: 'amount', type: 'money', currency: 'CNY' });
  const percent = column({ key: 'rate', type: 'percent' });
  const day = column({ key: 'day', type: 'date' });
  const relation = column({ key: 'customer', type: 'relation', relation: { entity: 'customer', many: true } });
  const total = column({ key: 'total', type: 'formula', formula: { expression: 'a', result: 'money', currency: 'USD' } });

  it('writes numbers as plain decimals, other values as the field type shows them, relations by name', () => {
    const record = doc({ amount: 123456789, rate: 15, day: '2026-03-01', customer: ['a', 'b'], qty: 1234567.5, total: 995 });
    const refs = { customer: [{ id: 'a', name: 'Acme' }, { id: 'b', name: '' }] };
    // No thousands separators, currency signs or "%": a spreadsheet reads the cell as a number.
    expect(cellText(money, record, refs, 'zh-CN')).toBe('1234567.89');
    expect(cellText(percent, record, refs, 'en')).toBe('15');
    expect(cellText(column({ key: 'qty', type: 'number', precision: 2 }), record, refs, 'en')).toBe('1234567.50');
    expect(cellText(column({ key: 'qty', type: 'number' }), record, refs, 'zh-CN')).toBe('1234567.5');
    expect(cellText(total, record, refs, 'en')).toBe('9.95');
    expect(cellText(day, record, refs, 'en')).toBe('2026-03-01');
    expect(cellText(relation, record, refs, 'en')).toBe('Acme, b');
    expect(cellText({ key: 'ownerId', label: 'Owner', system: 'ownerId' }, record, { ownerId: [{ id: 'u1', name: 'Ann' }] }, 'en')).toBe('Ann');
    expect(cellText(money, doc({}), {}, 'en')).toBe('');
  });

  it('types XLSX cells: money in major units, percentages as stored, days as UTC midnight', () => {
    const record = doc({ amount: 123456, rate: 15, day: '2026-03-01', total: 995 });
    expect(sheetValue(money, record, {}, 'en')).toBe(1234.56);
    expect(sheetValue(total, record, {}, 'en')).toBe(9.95);
    expect(sheetValue(percent, record, {}, 'en')).toBe(15);
    expect(sheetValue(day, record, {}, 'en')).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(sheetValue(money, doc({ amount: 'junk' }), {}, 'en')).toBe(null);
    expect(sheetFormat(money, 'zh-CN')).toBe('"¥"#,##0.00;-"¥"#,##0.00');
    expect(sheetFormat(total, 'en')).toBe('"$"#,##0.00;-"$"#,##0.00');
    expect(sheetFormat(percent, 'en')).toBe('General"%"'); // no precision: shown as typed
    expect(sheetFormat(day, 'en')).toBe('yyyy-mm-dd');
    expect(sheetFormat(relation, 'en')).toBeUndefined();
  });
});
