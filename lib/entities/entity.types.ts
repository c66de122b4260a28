import type { LocalizedText } from '@/lib/i18n/locale';
import type { FieldDefinition, FilterGroup } from '@/lib/fields/field.types';

export type { JsonSchema } from '@/lib/entities/json-schema';

export interface SectionDefinition {
  key: string;
  label: LocalizedText;
}

export interface SortSpec {
  /** A field key, or the system fields createdAt / updatedAt. */
  field: string;
  direction: 'asc' | 'desc';
}

export interface ListViewDefinition {
  columns: string[];
  sort: SortSpec[];
  pageSize: number;
  filter?: FilterGroup;
}

/**
 * An entity as admins define it: stored in the database, installed from templates/, edited
 * in the designer. The fields are the source of truth: the JSON Schema that validates
 * records, the form and the list are all derived from them (lib/entities/entity.schema.ts).
 */
export interface EntityDefinition {
  key: string;
  /** Counts publications; every published version is kept in entity_versions. */
  version: number;
  label: LocalizedText;
  icon?: string;
  /** The field that names a record (in lists, links and relation pickers). */
  displayField: string;
  /** In form order. */
  fields: FieldDefinition[];
  sections?: SectionDefinition[];
  listView: ListViewDefinition;
  /** A single-select field whose options are the lanes of the kanban board. */
  kanbanField?: string;
  /** The template pack that installed it, if any. */
  template?: string;
  /** Its template was uninstalled: hidden from the app, records kept; reinstalling brings it back. */
  archived?: boolean;
}

export const ENTITY_KEY_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;
/** Field keys never start with "_": that prefix is kept for system fields. */
export const FIELD_KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
export const SYSTEM_SORT_FIELDS: Record<string, string> = { createdAt: '_createdAt', updatedAt: '_updatedAt' };
