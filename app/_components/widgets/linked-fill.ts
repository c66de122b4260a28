import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { filledValue } from '@/lib/fields/fill-from';

/** Where a value sits in the form's data: a field key, or a sub-table key, row index and column key. */
export type FormPath = (string | number)[];

/** A relation just picked that fields of the same form (or row) are filled from. */
export interface LinkedPick {
  /** The entity the picked record belongs to. */
  entity: string;
  /** Where the relation's value is. */
  relationPath: FormPath;
  /** The path of the form or row the filled fields are in (empty for the form itself). */
  scopePath: FormPath;
  /** The fields filled from it. */
  targets: FieldDefinition[];
}

/** The rjsf id of a value (root_<key>, root_<table>_<row>_<column>), as the form's widgets report changes. */
const ID_PREFIX = 'root_';

function dependents(relation: FieldDefinition, scope: FieldDefinition[]): FieldDefinition[] {
  return scope.filter((field) => field.fillFrom?.relation === relation.key && field !== relation);
}

/**
 * The linked fill a change starts, from the id of the widget that reported it: only a relation
 * picker reports its id (its value changes when someone picks), so typing elsewhere, moving
 * rows or loading a record never fills anything. Ids are matched against the definition's own
 * keys, so a key with underscores is never split in the wrong place.
 */
export function linkedPickAt(def: EntityDefinition, id: string | undefined): LinkedPick | null {
  if (!id?.startsWith(ID_PREFIX)) return null;
  const rest = id.slice(ID_PREFIX.length);
  for (const field of def.fields) {
    if (field.type === 'relation' && rest === field.key && field.relation?.entity) {
      const targets = dependents(field, def.fields);
      if (targets.length > 0) return { entity: field.relation.entity, relationPath: [field.key], scopePath: [], targets };
    }
    if (field.type !== 'subtable' || !rest.startsWith(`${field.key}_`)) continue;
    const columns = field.fields ?? [];
    for (const column of columns) {
      if (column.type !== 'relation' || !column.relation?.entity || !rest.endsWith(`_${column.key}`)) continue;
      const row = rest.slice(field.key.length + 1, rest.length - column.key.length - 1);
      if (!/^\d+$/.test(row)) continue;
      const targets = dependents(column, columns);
      if (targets.length > 0) return { entity: column.relation.entity, relationPath: [field.key, Number(row), column.key], scopePath: [field.key, Number(row)], targets };
    }
  }
  return null;
}

export function valueAt(data: unknown, path: FormPath): unknown {
  let value = data;
  for (const step of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

/**
 * The values a picked record fills: each target's path and the related record's value of its
 * source field, for the sources the record holds (and the reader may see: the API leaves out
 * fields hidden from them). A source without a value fills nothing.
 */
export function linkedValues(pick: LinkedPick, related: Record<string, unknown>): { path: FormPath; value: unknown }[] {
  return pick.targets.flatMap((target) => {
    const value = filledValue(related[target.fillFrom!.field]);
    return value === undefined ? [] : [{ path: [...pick.scopePath, target.key], value }];
  });
}
