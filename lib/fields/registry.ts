import { FIELD_TYPE_KEYS, type Aggregation, type FieldDefinition, type FieldType, type FieldTypeKey, type FilterOperator, type GroupKind, type NumericFormat } from '@/lib/fields/field.types';
import { addressType } from '@/lib/fields/types/address';
import { attachmentType } from '@/lib/fields/types/attachment';
import { autonumberType } from '@/lib/fields/types/autonumber';
import { booleanType } from '@/lib/fields/types/boolean';
import { dateType } from '@/lib/fields/types/date';
import { datetimeType } from '@/lib/fields/types/datetime';
import { emailType } from '@/lib/fields/types/email';
import { formulaType, formulaResultType } from '@/lib/fields/types/formula';
import { moneyType } from '@/lib/fields/types/money';
import { multiselectType } from '@/lib/fields/types/multiselect';
import { numberType } from '@/lib/fields/types/number';
import { percentType } from '@/lib/fields/types/percent';
import { phoneType } from '@/lib/fields/types/phone';
import { relationType } from '@/lib/fields/types/relation';
import { rollupType } from '@/lib/fields/types/rollup';
import { selectType } from '@/lib/fields/types/select';
import { subtableType } from '@/lib/fields/types/subtable';
import { textType } from '@/lib/fields/types/text';
import { textareaType } from '@/lib/fields/types/textarea';
import { urlType } from '@/lib/fields/types/url';
import { userType } from '@/lib/fields/types/user';

/** Every field type, in the order the designer's palette shows them. */
export const FIELD_TYPES: Record<FieldTypeKey, FieldType> = {
  text: textType,
  textarea: textareaType,
  number: numberType,
  money: moneyType,
  percent: percentType,
  date: dateType,
  datetime: datetimeType,
  boolean: booleanType,
  select: selectType,
  multiselect: multiselectType,
  phone: phoneType,
  email: emailType,
  url: urlType,
  address: addressType,
  relation: relationType,
  user: userType,
  subtable: subtableType,
  formula: formulaType,
  autonumber: autonumberType,
  attachment: attachmentType,
  rollup: rollupType,
};

export function isFieldTypeKey(key: unknown): key is FieldTypeKey {
  return typeof key === 'string' && (FIELD_TYPE_KEYS as readonly string[]).includes(key);
}

export function fieldType(key: FieldTypeKey): FieldType {
  const type = FIELD_TYPES[key];
  if (!type) throw new Error(`unknown field type "${key}"`);
  return type;
}

/** What a dashboard measure may compute over a field; a formula's follow its result type. */
export function aggregationsFor(field: FieldDefinition): Aggregation[] {
  return field.type === 'formula' ? formulaResultType(field).aggregations : fieldType(field.type).aggregations;
}

/** The field holds one value per record (or none): its values split the records. */
export function holdsOneValue(field: FieldDefinition): boolean {
  return !fieldType(field.type).holdsSeveral?.(field);
}

/** The field holds a day or a moment (date, date-time). */
export function isDated(field: FieldDefinition): boolean {
  return Boolean(isFieldTypeKey(field.type) && fieldType(field.type).dated);
}

/** How a field groups records on a dashboard (undefined: it cannot be a dimension). */
export function groupKindOf(field: FieldDefinition): GroupKind | undefined {
  return fieldType(field.type).groupKind?.(field);
}

/** How a numeric field's stored values read, or undefined for a field that does not hold numbers. */
export function numericFormatOf(field: FieldDefinition): NumericFormat | undefined {
  if (field.type === 'formula' && field.formula?.result === 'text') return undefined;
  return fieldType(field.type).numeric?.(field);
}

/** The operators a field offers; a formula's follow its result type. */
export function operatorsFor(field: FieldDefinition): FilterOperator[] {
  return field.type === 'formula' ? formulaResultType(field).operators : fieldType(field.type).operators;
}
