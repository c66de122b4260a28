import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition, FieldTypeKey, SelectOption } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import { DEFAULT_ATTACHMENT_SETTINGS } from '@/lib/fields/types/attachment';

/** The first `<prefix>_<n>` not taken, counting from the number of keys already there. */
export function nextKey(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = used.size + 1;
  while (used.has(`${prefix}_${n}`)) n += 1;
  return `${prefix}_${n}`;
}

export function newOption(taken: SelectOption[]): SelectOption {
  const value = nextKey('option', taken.map((option) => option.value));
  const n = value.slice('option_'.length);
  return { value, label: { 'zh-CN': `选项${n}`, en: `Option ${n}` } };
}

// Settings a new field starts with, so that it is valid and the preview shows something useful.
const STARTERS: Partial<Record<FieldTypeKey, () => Partial<FieldDefinition>>> = {
  textarea: () => ({ rows: 4 }),
  money: () => ({ currency: 'CNY' }),
  select: () => {
    const first = newOption([]);
    return { options: [first, newOption([first])] };
  },
  multiselect: () => {
    const first = newOption([]);
    return { options: [first, newOption([first])] };
  },
  relation: () => ({ relation: { entity: '' } }),
  subtable: () => ({ fields: [newField('text', [])] }),
  formula: () => ({ formula: { expression: '', result: 'number', precision: 2 } }),
  autonumber: () => ({ autonumber: { prefix: '', dateFormat: 'YYYYMMDD', digits: 4 } }),
  attachment: () => ({ attachment: { ...DEFAULT_ATTACHMENT_SETTINGS, accept: [] } }),
  rollup: () => ({ rollup: { entity: '', match: {}, fn: 'count', precision: 0 } }),
};

/** A field of this type with a fresh key and a label in both languages ("Text 3" / "单行文本 3"). */
export function newField(type: FieldTypeKey, takenKeys: string[]): FieldDefinition {
  const key = nextKey('field', takenKeys);
  const n = key.slice('field_'.length);
  const { label } = fieldType(type);
  return { key, type, label: { 'zh-CN': `${label['zh-CN']} ${n}`, en: `${label.en} ${n}` }, ...STARTERS[type]?.() };
}

/** A new entity starts with a name field, so it has a display field and a list column at once. */
export function blankEntity(key: string): EntityDefinition {
  return {
    key,
    version: 0,
    label: { 'zh-CN': '', en: '' },
    displayField: 'name',
    fields: [{ key: 'name', type: 'text', label: { 'zh-CN': '名称', en: 'Name' }, required: true }],
    sections: [],
    listView: { columns: ['name'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
  };
}
