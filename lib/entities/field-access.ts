import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import type { Role } from '@/lib/users/user.types';

/**
 * Whether a role may see a field (FieldDefinition.visibleTo). Admins see every field: they
 * design the entity, and automations act as admins.
 */
export function canSeeField(field: Pick<FieldDefinition, 'visibleTo'>, role: Role): boolean {
  return role === 'admin' || !field.visibleTo || field.visibleTo.includes(role);
}

/** Keys of the fields a role may not see (empty for most entities and for admins). */
export function hiddenFieldKeys(def: Pick<EntityDefinition, 'fields'>, role: Role): Set<string> {
  return new Set(def.fields.filter((field) => !canSeeField(field, role)).map((field) => field.key));
}

/**
 * The definition as a role may see it: what GET /api/entities sends to the browser for its
 * forms, lists and filters. The fields the role cannot see are gone, and so are list
 * columns and sorts that name them. The same object when nothing is hidden.
 */
export function entityForRole(def: EntityDefinition, role: Role): EntityDefinition {
  const hidden = hiddenFieldKeys(def, role);
  if (hidden.size === 0) return def;
  return {
    ...def,
    fields: def.fields.filter((field) => !hidden.has(field.key)),
    listView: {
      ...def.listView,
      columns: def.listView.columns.filter((column) => !hidden.has(column)),
      sort: def.listView.sort.filter((sort) => !hidden.has(sort.field)),
    },
    ...(def.kanbanField && hidden.has(def.kanbanField) ? { kanbanField: undefined } : {}),
  };
}
