import type { LocalizedText } from '@/lib/i18n/locale';
import type { FieldDefinition, FilterGroup, VisibilityRule } from '@/lib/fields/field.types';
import type { RecordRuleDefinition } from '@/lib/rules/rule.types';
import type { PrintTemplateDefinition } from '@/lib/print/print.types';

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
 * A button on the record page that runs a workflow on that record (trigger event "action"),
 * e.g. a lead's "Convert". It runs at once, in the request, and may open the record it made.
 */
export interface EntityActionDefinition {
  key: string;
  label: LocalizedText;
  /** Key of the workflow it runs. */
  workflow: string;
  /** Offered only while the record's field holds one of these values. */
  visibleWhen?: VisibilityRule;
  /** Asked before running. */
  confirm?: LocalizedText;
  /** Offered only to these roles, by key (all when left out); roles also grant each action (lib/permissions). */
  roles?: string[];
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
  /** Its icon in the menu and lists: one of ENTITY_ICONS (lib/entities/entity-icons.ts). */
  icon?: string;
  /** The field that names a record (in lists, links and relation pickers). */
  displayField: string;
  /** In form order. */
  fields: FieldDefinition[];
  sections?: SectionDefinition[];
  listView: ListViewDefinition;
  /** A single-select field whose options are the lanes of the kanban board. */
  kanbanField?: string;
  /** Buttons on the record page that run workflows. */
  actions?: EntityActionDefinition[];
  /**
   * Business rules every write of a record must pass, checked in the record service's write
   * sequence before anything is stored (lib/rules: one module per kind).
   */
  rules?: RecordRuleDefinition[];
  /** Printable layouts of a record (lib/print): designed by admins, printed from the record page. */
  printTemplates?: PrintTemplateDefinition[];
  /** The template pack that installed it, if any. */
  template?: string;
  /** Its template was uninstalled: hidden from the app, records kept; reinstalling brings it back. */
  archived?: boolean;
}

export const ENTITY_KEY_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;
/** Field keys never start with "_": that prefix is kept for system fields. */
export const ACTION_KEY_PATTERN = /^[a-z][a-z0-9_-]{0,47}$/;
export const FIELD_KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
export const SYSTEM_SORT_FIELDS: Record<string, string> = { createdAt: '_createdAt', updatedAt: '_updatedAt' };
