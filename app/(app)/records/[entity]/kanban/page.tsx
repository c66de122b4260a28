import { KanbanBoard } from '../../../../_components/views/kanban-board';

export default async function KanbanPage({ params }: { params: Promise<{ entity: string }> }) {
  const { entity } = await params;
  return <KanbanBoard entityKey={entity} />;
}
