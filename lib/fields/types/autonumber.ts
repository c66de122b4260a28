import type { AutoNumberSettings, FieldType } from '@/lib/fields/field.types';
import { TEXT_OPERATORS, textFilter } from '@/lib/fields/filters';
import { isObject, isWhole } from '@/lib/fields/settings-checks';

/** The date parts a number may carry ("" for none). */
export const AUTO_NUMBER_DATE_FORMATS = ['', 'YYYY', 'YYYYMM', 'YYYYMMDD'] as const;

/**
 * A document number such as SO-20261123-0007, given by the server once the record is stored
 * (lib/records/auto-number.ts), so a create that fails never uses up a number.
 */
export const autonumberType: FieldType = {
  key: 'autonumber',
  label: { 'zh-CN': '流水号', en: 'Auto number' },
  settings: ['autonumber'],
  computed: true,
  schema: () => ({ type: 'string', readOnly: true }),
  ui: () => ({ 'ui:readonly': true, 'ui:placeholder': '—' }),
  operators: TEXT_OPERATORS,
  filter: (field, op, value) => textFilter(field, op, value),
  sortable: true,
  searchable: true,
  aggregations: ['count'],
  toText: (value) => (typeof value === 'string' ? value : ''),
  fromText: (text) => ({ ok: true, value: text.trim() }),
  toFormula: (value) => (typeof value === 'string' ? value : null),
  formulaKind: () => 'text',
  settingsProblems: (field, where) => {
    const settings = field.autonumber as unknown;
    if (!isObject(settings)) return [`${where}: needs its numbering (prefix, dateFormat, digits)`];
    const problems: string[] = [];
    if (!isWhole(settings.digits, 1, 12)) problems.push(`${where}: needs 1 to 12 digits`);
    if (typeof settings.prefix !== 'string' || !/^[A-Za-z0-9_-]{0,20}$/.test(settings.prefix)) problems.push(`${where}: prefix may hold letters, digits, "-" and "_" only (20 at most; "" for none)`);
    if (typeof settings.dateFormat !== 'string' || !(AUTO_NUMBER_DATE_FORMATS as readonly string[]).includes(settings.dateFormat)) {
      problems.push(`${where}: dateFormat must be one of ${AUTO_NUMBER_DATE_FORMATS.map((format) => `"${format}"`).join(', ')}`);
    }
    return problems;
  },
};

/** The period part of a number for a moment: the counter restarts when it changes. */
export function autoNumberPeriod(settings: AutoNumberSettings, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const parts = { YYYY: String(at.getFullYear()), MM: pad(at.getMonth() + 1), DD: pad(at.getDate()) };
  return settings.dateFormat.replace('YYYY', parts.YYYY).replace('MM', parts.MM).replace('DD', parts.DD);
}

/** SO + 20261123 + 7 → "SO-20261123-0007". */
export function formatAutoNumber(settings: AutoNumberSettings, period: string, counter: number): string {
  return [settings.prefix, period, String(counter).padStart(settings.digits, '0')].filter(Boolean).join('-');
}
