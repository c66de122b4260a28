import type { EntityDefinition, SectionDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import type { LocalizedText } from '@/lib/i18n/locale';

/** The route segment of a new entity: "_new" cannot be an entity key, keys start with a letter. */
export const NEW_ENTITY = '_new';

/** Answers of the entity endpoints in docs/engine-contract.md. */
export interface DraftResponse {
  draft: EntityDefinition | null;
  published: EntityDefinition | null;
  problems: string[];
}

export type ImpactChangeKind = 'added' | 'removed' | 'retyped' | 'relabelled' | 'settings';

export interface ImpactChange {
  field: string;
  change: ImpactChangeKind;
  records: number;
}

export interface Impact {
  changes: ImpactChange[];
  needsConfirmation: boolean;
}

export type PublishResponse = { published: true; definition: EntityDefinition; impact: Impact } | { published: false; impact: Impact };

export interface VersionInfo {
  version: number;
  publishedAt: string;
  /** A user id, a name or "template"; older servers may send {id, name}. */
  publishedBy: string | { id: string; name: string };
}

export interface EntitySummary {
  key: string;
  label: LocalizedText;
}

/** What a settings editor knows beyond its own field. */
export interface SettingsContext {
  /** Fields in the same scope (the entity's, or a sub-table's columns), the field itself included. */
  siblings: FieldDefinition[];
  /** Absent for sub-table columns, which have no sections or visibility rules. */
  sections?: SectionDefinition[];
  /** Keys already published in this scope: stored data uses them, so they cannot change. */
  lockedKeys: Set<string>;
  /** The field as published, if it is. */
  published?: FieldDefinition;
  entities: EntitySummary[];
  /** Key of the entity being designed (a relation may point at it). */
  entityKey: string;
  /** The settings panel itself, for sub-table columns; passed down to avoid an import cycle. */
  ColumnSettings?: React.ComponentType<FieldSettingsProps>;
}

export interface FieldSettingsProps {
  field: FieldDefinition;
  onChange: (patch: Partial<FieldDefinition>) => void;
  onRename: (key: string) => void;
  ctx: SettingsContext;
}

export interface SettingProps {
  field: FieldDefinition;
  onChange: (patch: Partial<FieldDefinition>) => void;
  ctx: SettingsContext;
}
