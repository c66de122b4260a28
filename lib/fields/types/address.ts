import type { FieldType } from '@/lib/fields/field.types';
import { escapeRegex, presenceFilter, textValue } from '@/lib/fields/filters';

export interface AddressValue {
  province?: string;
  city?: string;
  district?: string;
  detail?: string;
}

const PARTS = ['province', 'city', 'district', 'detail'] as const;

function addressText(address: AddressValue): string {
  return PARTS.map((part) => address[part]).filter(Boolean).join(' ');
}

/** Province / city / district of China (picked from a list) plus the street address as free text. */
export const addressType: FieldType = {
  key: 'address',
  label: { 'zh-CN': '地址', en: 'Address' },
  settings: [],
  schema: () => ({
    type: 'object',
    additionalProperties: false,
    properties: {
      province: { type: 'string', maxLength: 50 },
      city: { type: 'string', maxLength: 50 },
      district: { type: 'string', maxLength: 50 },
      detail: { type: 'string', maxLength: 500 },
    },
  }),
  ui: () => ({ 'ui:field': 'address' }),
  normalise: (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const address: Record<string, unknown> = {};
    for (const [part, raw] of Object.entries(value)) {
      const text = typeof raw === 'string' ? raw.trim() : raw;
      if (text !== '' && text !== undefined && text !== null) address[part] = text;
    }
    return Object.keys(address).length > 0 ? address : undefined;
  },
  operators: ['contains', 'empty', 'notEmpty'],
  filter: (field, op, value) => {
    if (op !== 'contains') return presenceFilter(field, op);
    const pattern = escapeRegex(textValue(field, value));
    return { $or: PARTS.map((part) => ({ [`${field.key}.${part}`]: { $regex: pattern, $options: 'i' } })) };
  },
  sortable: false,
  publicForm: true,
  searchable: false,
  aggregations: ['count'],
  toText: (value) => (typeof value === 'object' && value !== null ? addressText(value as AddressValue) : ''),
  fromText: (text) => {
    // "广东省 深圳市 南山区 科技园路 1 号": the first three words are the divisions when present.
    // Only a leading run counts: a division word after the street stays in the detail.
    const parts = text.trim().split(/\s+/).filter(Boolean);
    let count = 0;
    while (count < 3 && count < parts.length && /[省市区县州旗盟]$/.test(parts[count])) count += 1;
    const [province, city, district] = parts.slice(0, count);
    const detail = parts.slice(count).join(' ');
    return { ok: true, value: { ...(province ? { province } : {}), ...(city ? { city } : {}), ...(district ? { district } : {}), ...(detail ? { detail } : {}) } };
  },
  toFormula: (value) => (value && typeof value === 'object' ? addressText(value as AddressValue) : null),
  formulaKind: () => 'text',
};
