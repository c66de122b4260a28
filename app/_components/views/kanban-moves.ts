import type { EntityDefinition } from '@/lib/entities/entity.types';
import { visibleFieldKeys } from '@/lib/entities/entity.schema';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import type { KanbanPage } from './view-api';

/** The board after one card moved to another lane (what the screen shows while the server saves). */
export function moveCard(board: KanbanPage, id: string, to: string | null): KanbanPage {
  const from = board.lanes.find((lane) => lane.items.some((item) => item.id === id));
  const card = from?.items.find((item) => item.id === id);
  if (!from || !card || from.value === to) return board;
  const moved = { ...card, data: { ...card.data, [board.field]: to } };
  return {
    ...board,
    lanes: board.lanes.map((lane) => {
      if (lane === from) return { ...lane, total: lane.total - 1, items: lane.items.filter((item) => item.id !== id) };
      if (lane.value === to) return { ...lane, total: lane.total + 1, items: [moved, ...lane.items] };
      return lane;
    }),
  };
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * The fields a record must be given to move to another lane: those the move makes shown
 * (visibility rules on the lane field, e.g. a lost reason once an opportunity is lost) or
 * that are shown anyway, which are required, typed in by people, and empty in the record.
 * The server refuses the move without them; asking for exactly these lets the move be saved
 * in one write.
 */
export function fieldsMissingAfterMove(def: Pick<EntityDefinition, 'fields'>, data: Record<string, unknown>, laneField: string, to: string | null): FieldDefinition[] {
  const after = { ...data, [laneField]: to };
  const visible = visibleFieldKeys(def, after);
  return def.fields.filter(
    (field) => field.key !== laneField && field.required && !field.hidden && !field.readOnly && !fieldType(field.type).computed && visible.has(field.key) && isBlank(after[field.key]),
  );
}

/** A definition of just these fields, to render them with the record form's widgets outside their form (no sections, no rules on fields left out). */
export function dialogDefinition<T extends Pick<EntityDefinition, 'fields'>>(def: T, fields: FieldDefinition[]): T {
  return { ...def, sections: [], fields: fields.map(({ visibleWhen: _rule, section: _section, ...field }) => field) };
}
