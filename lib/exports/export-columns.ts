import { AppError } from '@/lib/errors/app-error';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { pick, type Locale } from '@/lib/i18n/locale';
import type { Translate } from '@/lib/i18n/messages';
import type { Actor } from '@/lib/users/user.types';
import type { FieldMask } from '@/lib/permissions/field-mask';

/** Columns every record has besides its fields. */
export type SystemColumn = 'createdAt' | 'updatedAt' | 'ownerId';
const SYSTEM_LABELS = { createdAt: 'record.createdAt', updatedAt: 'record.updatedAt', ownerId: 'record.owner' } as const;

/** One column of an export: a field of the entity, or a system column. */
export type ExportColumn = { key: string; label: string } & ({ field: FieldDefinition; system?: never } | { system: SystemColumn; field?: never });

/** A field the actor may see: not hidden by its definition nor by the actor's field mask (lib/permissions). */
export function fieldVisibleTo(field: FieldDefinition, mask: FieldMask): boolean {
  return !field.hidden && !mask.hidden.has(field.key);
}

function isSystem(key: string): key is SystemColumn {
  return Object.hasOwn(SYSTEM_LABELS, key);
}

/**
 * The columns an export writes, in order: the ones asked for (the export dialog's field
 * chooser, or an integration's `columns`), else the saved view's, else the entity's list
 * columns. Asked-for keys must each name a field the actor may read (or a system column):
 * one that names no field, or a field hidden from them, is refused (400, one message for
 * both, so a hidden field's existence is not given away). A shared view's columns may list
 * fields the actor may not see: those are left out.
 */
export function exportColumns(
  def: EntityDefinition,
  keys: string[] | undefined,
  fallback: string[],
  actor: Actor,
  locale: Locale,
  t: Translate,
): ExportColumn[] {
  const mask = actor.access.fieldMask(def);
  const fieldOf = (key: string) => def.fields.find((field) => field.key === key);
  if (keys) {
    const refused = keys.filter((key) => {
      if (isSystem(key)) return false;
      const field = fieldOf(key);
      return !field || !fieldVisibleTo(field, mask);
    });
    if (refused.length > 0) throw new AppError('invalid', 'columns_refused', 'listExport.refusedColumns', { columns: refused.join(', ') });
  }
  const wanted = keys ?? (fallback.length > 0 ? fallback : def.listView.columns);
  const columns: ExportColumn[] = [];
  for (const key of new Set(wanted)) {
    if (isSystem(key)) {
      columns.push({ key, label: t(SYSTEM_LABELS[key]), system: key });
      continue;
    }
    const field = fieldOf(key);
    if (field && fieldVisibleTo(field, mask)) columns.push({ key, label: pick(field.label, locale) || key, field });
  }
  if (columns.length === 0) throw new AppError('invalid', 'nothing_to_export', 'listExport.noColumns');
  return columns;
}
