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
