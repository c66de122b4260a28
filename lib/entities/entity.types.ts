import type { LocalizedText } from '@/lib/i18n/locale';

/** The JSON Schema subset entity definitions use (draft 2020-12). */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  additionalProperties?: boolean | JsonSchema;
  [keyword: string]: unknown;
}

export interface FieldPresentation {
  label: LocalizedText;
  help?: LocalizedText;
  /** Labels of the values of a select field. */
  options?: Record<string, LocalizedText>;
  /** The field holds the id of a record of another entity. */
  relation?: { entity: string };
}

export interface ListViewDefinition {
  columns: string[];
  sort: { field: string; direction: 'asc' | 'desc' };
  searchFields: string[];
  pageSize: number;
}

/** An entity as admins define it: stored in the database, installed from templates/. */
export interface EntityDefinition {
  key: string;
  version: number;
  label: LocalizedText;
  icon?: string;
  /** The field that names a record (in lists, links and relation pickers). */
  displayField: string;
  schema: JsonSchema;
  uiSchema: Record<string, unknown>;
  fields: Record<string, FieldPresentation>;
  listView: ListViewDefinition;
  /** The template pack that installed it, if any. */
  template?: string;
}

export const ENTITY_KEY_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;
/** Field keys never start with "_": that prefix is kept for system fields. */
export const FIELD_KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
