import type { JsonSchema } from '@/lib/entities/json-schema';
import type { Locale, LocalizedText } from '@/lib/i18n/locale';

export const FIELD_TYPE_KEYS = [
  'text',
  'textarea',
  'number',
  'money',
  'percent',
  'date',
  'datetime',
  'boolean',
  'select',
  'multiselect',
  'phone',
  'email',
  'url',
  'address',
  'relation',
  'user',
  'subtable',
  'formula',
  'autonumber',
  'attachment',
  'rollup',
] as const;
export type FieldTypeKey = (typeof FIELD_TYPE_KEYS)[number];

export interface SelectOption {
  value: string;
  label: LocalizedText;
  /** A CSS colour or an antd preset colour name ("blue", "green"…). */
  color?: string;
  /**
   * The key of the entity action (EntityDefinition.actions) that alone may set this value
   * (a lead's "converted", set by the convert action's workflow): edits, the kanban, bulk
   * edits and imports cannot.
   */
  onlyByAction?: string;
}

export interface FormulaSettings {
  /** Source in the formula language (lib/formulas), e.g. `quantity * unitPrice * (1 - discount)`. */
  expression: string;
  result: 'number' | 'money' | 'percent' | 'text';
  /** Decimals kept for a number or percent result (rounded once, half up; default 2). */
  precision?: number;
  currency?: string;
  /** Decimals of a money result (default: the currency's minor unit). */
  scale?: number;
}

export interface AutoNumberSettings {
  prefix: string;
  /** A date part between prefix and counter; the counter restarts with each new period. */
  dateFormat: '' | 'YYYY' | 'YYYYMM' | 'YYYYMMDD';
  /** Minimum digits of the counter (zero-padded). */
  digits: number;
}

export interface AttachmentSettings {
  maxSizeMB: number;
  /** MIME types or extensions (".pdf", "image/*"); empty accepts any. */
  accept: string[];
  maxFiles: number;
}

/**
 * A number computed from other records: `fn` over the records of `entity` whose `match` fields
 * (source field → this entity's field; "id" and "ownerId" name the system fields) equal this
 * record's. Stored, recomputed by the worker after writes to the source (lib/records/rollups.ts).
 */
export interface RollupSettings {
  entity: string;
  match: Record<string, string>;
  /** The numeric source field (not needed for count). */
  field?: string;
  fn: 'sum' | 'count' | 'min' | 'max';
  /** Only source records whose field holds this value (or one of these values). */
  where?: Record<string, string | number | boolean | null | (string | number | boolean | null)[]>;
  /** Decimals kept (default 2). */
  precision?: number;
}

/**
 * Linked fill: when a record is picked in `relation` (a single relation field of the same form,
 * or of the same sub-table row), this field takes that record's `field` value. It stays
 * editable, and is filled only on a pick, never afterwards.
 */
export interface FillFromSetting {
  relation: string;
  field: string;
}

/** When a field is shown (and validated): another field holds one of these values. */
export interface VisibilityRule {
  field: string;
  in: (string | number | boolean)[];
}

/**
 * One field of an entity as an admin defines it. `key` is the stored key and never changes
 * after publishing: renaming a field edits its label.
 */
export interface FieldDefinition {
  key: string;
  type: FieldTypeKey;
  label: LocalizedText;
  help?: LocalizedText;
  /** Key of the section the field is shown in (EntityDefinition.sections). */
  section?: string;
  required?: boolean;
  unique?: boolean;
  default?: unknown;
  readOnly?: boolean;
  /** Not shown in forms or details; the stored value is kept on edits. */
  hidden?: boolean;
  /**
   * Encrypted at rest (an ID card or bank account number: text-like fields only). It cannot
   * be searched, filtered, sorted, made unique or read by formulas (lib/security/field-crypto.ts).
   */
  sensitive?: boolean;
  visibleWhen?: VisibilityRule;
  /** Filled from the record picked in a relation of the same form or sub-table row (lib/fields/fill-from.ts). */
  fillFrom?: FillFromSetting;
  /**
   * Only these roles (by key) see the field (admins always do): reads leave it out for others,
   * they cannot filter or sort by it, and their writes keep its stored value. Top-level fields
   * only. Roles can hide more fields, or make them read-only (lib/permissions/field-mask.ts).
   */
  visibleTo?: string[];

  // Settings that only some types read (each type lists its own in FieldType.settings).
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  min?: number;
  max?: number;
  /** Decimals a number or percent keeps; more are refused. Left out: as many as people type. */
  precision?: number;
  /** ISO 4217 code of a money field, e.g. "CNY". */
  currency?: string;
  /**
   * Decimals a money field keeps (0 to 6; unit prices often need 4). Left out: the currency's
   * minor unit (CNY 2, JPY 0). Values are stored as integers of 10^-scale units.
   */
  scale?: number;
  options?: SelectOption[];
  /**
   * A select's allowed changes: option value → the values it may become. An update from A to
   * B is refused unless B is listed under A; A without an entry is final. Creating may use
   * any value.
   */
  transitions?: Record<string, string[]>;
  /** `columns`: fields of the related entity the picker shows beside each record's name (a SKU, a price). */
  relation?: { entity: string; many?: boolean; columns?: string[] };
  /** Columns of a sub-table. */
  fields?: FieldDefinition[];
  formula?: FormulaSettings;
  autonumber?: AutoNumberSettings;
  attachment?: AttachmentSettings;
  rollup?: RollupSettings;
  /** Visible lines of a long text. */
  rows?: number;
}

export type FieldSettingKey =
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'min'
  | 'max'
  | 'precision'
  | 'currency'
  | 'scale'
  | 'options'
  | 'transitions'
  | 'relation'
  | 'fields'
  | 'formula'
  | 'autonumber'
  | 'attachment'
  | 'rollup'
  | 'rows'
  | 'unique'
  | 'default';

export const FILTER_OPERATORS = [
  'eq',
  'ne',
  'contains',
  'notContains',
  'startsWith',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'before',
  'after',
  'lastNDays',
  'nextNDays',
  'anyOf',
  'noneOf',
  'allOf',
  'isTrue',
  'isFalse',
  'isMe',
  'empty',
  'notEmpty',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** One condition of a list filter, as the filter builder and the HTTP API send it. */
export interface FilterCondition {
  field: string;
  op: FilterOperator;
  /** A single value, `[from, to]` for between, a list for anyOf/noneOf/allOf, N for lastNDays. */
  value?: unknown;
}

export interface FilterGroup {
  match: 'all' | 'any';
  conditions: FilterCondition[];
  /**
   * Groups that join the conditions under the same match: a dashboard's drill-down is its
   * widget's "any" filter inside an "all" of the group's conditions. At most two levels deep.
   */
  groups?: FilterGroup[];
}

/** What a dashboard measure may compute over a field (lib/dashboards); `distinct` counts different values. */
export type Aggregation = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'distinct';

/**
 * How a field's values split records into groups on a dashboard (lib/dashboards):
 * `option` a single select (labels and order from its options), `options` a multi select (a
 * record counts under each option it holds), `flag` yes/no, `record` a related record and
 * `user` a person (shown by name), `text` the value itself, `day` a calendar date and
 * `moment` a date-time (both bucketed by day, week, month, quarter or year).
 */
export type GroupKind = 'option' | 'options' | 'flag' | 'record' | 'user' | 'text' | 'day' | 'moment';

/** How a numeric field's stored values read: money in minor units of a currency, a percentage, a plain number. */
export type NumericFormat = { kind: 'money'; currency: string; scale: number } | { kind: 'percent'; precision: number } | { kind: 'number'; precision: number };

/** Context a type needs beyond the field itself. */
export interface FieldContext {
  locale: Locale;
  /** Display names of related records and users, by field key (from the record's refs). */
  refName?: string;
  /** The id of the user asking (for "is me"). */
  actorId?: string;
  now?: Date;
}

export type ParseResult =
  | { ok: true; value: unknown }
  /** `decimals`: the value had more decimals than the field keeps (its limit), so it was refused. */
  | { ok: false; error: string; decimals?: number };

/**
 * Everything the platform knows about one field type. Each type lives in one module under
 * lib/fields/types/ and is listed in lib/fields/registry.ts; nothing else switches on types.
 * This module is shared by browser and server, so it holds data and pure functions only.
 */
export interface FieldType {
  key: FieldTypeKey;
  label: LocalizedText;
  /** Which settings the designer offers for this type. */
  settings: FieldSettingKey[];
  /** The value's JSON Schema (without title/description: forms add those). */
  schema(field: FieldDefinition): JsonSchema;
  /** rjsf uiSchema of the field (widget name from app/_components/widgets and its options). */
  ui(field: FieldDefinition): Record<string, unknown>;
  /** The server computes the value; client input is ignored. */
  computed?: boolean;
  /**
   * A visitor without an account may fill it on a public form (lib/public-forms): its input
   * reveals nothing stored (no picker of records or people) and needs no upload.
   */
  publicForm?: boolean;
  /** Turns client input into the stored form (exact money, trimmed text…) before validation. */
  normalise?(value: unknown, field: FieldDefinition): unknown;
  /** Filter operators the builder offers, in menu order. */
  operators: FilterOperator[];
  /** A MongoDB filter for one condition on this field; throws FilterValueError on a bad value. */
  filter(field: FieldDefinition, op: FilterOperator, value: unknown, ctx: FieldContext): Record<string, unknown>;
  sortable: boolean;
  /** Part of keyword search. */
  searchable?: boolean;
  /** Can be a chart's group-by / kanban lane. */
  groupable?: boolean;
  aggregations: Aggregation[];
  /**
   * A record may hold several values of the field (a list): its values do not split records into
   * parts (a record with two tags is in both), so a query per value would count it twice.
   */
  holdsSeveral?(field: FieldDefinition): boolean;
  /** Values are days or moments in time (a print's date, a forecast's axis, a spreadsheet's date cells). */
  dated?: boolean;
  /** As a dashboard dimension: how the field's values group records (undefined: not a dimension). */
  groupKind?(field: FieldDefinition): GroupKind | undefined;
  /** Stored values are numbers that read like this (measures format their sums with it). */
  numeric?(field: FieldDefinition): NumericFormat;
  /**
   * Lists are commonly filtered by one value of this type (a status, an owner, a related
   * record): the index plan (lib/records/record.indexes.ts) may give the field an index of its
   * own, ahead of the list's sort. Only types that hold one scalar value.
   */
  indexed?: boolean;
  /** The value as text: list cells, exports, history. */
  toText(value: unknown, field: FieldDefinition, ctx: FieldContext): string;
  /**
   * The value as a CSV cell, where toText formats it for reading: numbers as plain decimal text
   * (no thousands separators, no currency sign, no "%"), so a spreadsheet reads them as numbers.
   * Types without it export their toText.
   */
  toPlainText?(value: unknown, field: FieldDefinition): string;
  /** A value from text: imports and filter values typed by people. */
  fromText(text: string, field: FieldDefinition): ParseResult;
  /** The value as the formula language sees it (money in major units, percent as a fraction). */
  toFormula?(value: unknown, field: FieldDefinition): unknown;
  /** What a formula reading the field gets, for checking formulas before they run. */
  formulaKind(field: FieldDefinition): FormulaKind;
  /**
   * What is missing or wrong in the settings this type needs (`where` names the field in
   * messages). Empty when the field can be used; never throws, whatever JSON it is given.
   */
  settingsProblems?(field: FieldDefinition, where: string): string[];
}

/** A value's kind in the formula language: "list" is several texts (a multi-select), "rows" a sub-table. */
export type FormulaKind = 'number' | 'text' | 'boolean' | 'list' | 'rows' | 'none';

export class FilterValueError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
