import { compileFormula } from '@/lib/formulas';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import type { FieldRule, RoleDefinition } from '@/lib/permissions/permission.types';

/**
 * What one person may do with each field of an entity. Hidden fields are never sent, never
 * filtered, sorted, searched, grouped, exported, imported or matched on, and writes keep their
 * stored values; read-only fields are read but writes keep their stored values.
 */
export interface FieldMask {
  hidden: ReadonlySet<string>;
  readOnly: ReadonlySet<string>;
}

export const OPEN_MASK: FieldMask = { hidden: new Set(), readOnly: new Set() };

/** One role's rule for a field: FieldDefinition.visibleTo not naming the role hides it, like a field rule does. */
function ruleOf(role: RoleDefinition, def: EntityDefinition, field: FieldDefinition): FieldRule | undefined {
  if (role.admin) return undefined;
  if (field.visibleTo && !field.visibleTo.includes(role.key)) return 'hidden';
  return role.fields[def.key]?.[field.key];
}

/**
 * The mask of someone holding several roles: a field is hidden when every role that reads the
 * entity hides it, read-only when no role that writes it may change it. What a shown field
 * gives away of a hidden one is hidden too: a formula reading it, a field shown only when it
 * holds some value.
 */
export function compileFieldMask(def: EntityDefinition, readers: RoleDefinition[], writers: RoleDefinition[]): FieldMask {
  if (readers.some((role) => role.admin)) return OPEN_MASK;
  const hidden = new Set<string>();
  const readOnly = new Set<string>();
  for (const field of def.fields) {
    if (readers.every((role) => ruleOf(role, def, field) === 'hidden')) hidden.add(field.key);
    if (writers.every((role) => ruleOf(role, def, field) !== undefined)) readOnly.add(field.key);
  }
  const byKey = new Map(def.fields.map((field) => [field.key, field]));
  const reads = (field: FieldDefinition): string[] => {
    const keys = field.visibleWhen ? [field.visibleWhen.field] : [];
    if (field.type === 'formula' && field.formula?.expression) {
      try {
        keys.push(...compileFormula(field.formula.expression).references.map((name) => name.split('.')[0]));
      } catch {
        // a broken formula is refused when the definition is saved
      }
    }
    return keys;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const field of def.fields) {
      if (hidden.has(field.key) || !reads(field).some((key) => hidden.has(key) && byKey.has(key))) continue;
      hidden.add(field.key);
      changed = true;
    }
  }
  for (const key of hidden) readOnly.add(key);
  if (hidden.size === 0 && readOnly.size === 0) return OPEN_MASK;
  return { hidden, readOnly };
}

/**
 * The definition as someone may see it: what GET /api/entities sends to the browser for its
 * forms, lists and filters. Hidden fields are gone, with the list columns, sorts and board
 * that name them; read-only fields are marked read-only. The same object when nothing changes.
 */
export function maskedEntity(def: EntityDefinition, mask: FieldMask): EntityDefinition {
  if (mask.hidden.size === 0 && mask.readOnly.size === 0) return def;
  const { hidden, readOnly } = mask;
  return {
    ...def,
    fields: def.fields.filter((field) => !hidden.has(field.key)).map((field) => (readOnly.has(field.key) && !field.readOnly ? { ...field, readOnly: true } : field)),
    listView: {
      ...def.listView,
      columns: def.listView.columns.filter((column) => !hidden.has(column)),
      sort: def.listView.sort.filter((sort) => !hidden.has(sort.field)),
    },
    ...(def.kanbanField && hidden.has(def.kanbanField) ? { kanbanField: undefined } : {}),
  };
}
