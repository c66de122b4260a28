import { ObjectId } from 'mongodb';
import { config } from '@/lib/config';
import { collection } from '@/lib/db/collections';
import { badRequest, forbidden, notFound } from '@/lib/errors/app-error';
import { getEntity } from '@/lib/entities/entity.service';
import { SYSTEM_SORT_FIELDS, type EntityDefinition } from '@/lib/entities/entity.types';
import type { FilterGroup } from '@/lib/fields/field.types';
import { mongoFilter, parseSort } from '@/lib/records/record.filter';
import { ensureRecordIndexes } from '@/lib/records/record.indexes';
import type { Actor } from '@/lib/users/user.types';
import { requireAction } from '@/lib/permissions/guards';
import type { SavedView, SavedViewInput } from '@/lib/views/view.types';

export interface SavedViewDoc extends Omit<SavedView, 'id' | 'createdAt' | 'updatedAt'> {
  _id: ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

function toView({ _id, createdAt, updatedAt, ...rest }: SavedViewDoc): SavedView {
  return { id: _id.toHexString(), createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString(), ...rest };
}

function canSee(actor: Actor, view: SavedViewDoc): boolean {
  return view.shared || view.ownerId === actor.id;
}

function canChange(actor: Actor, view: SavedViewDoc): boolean {
  return view.ownerId === actor.id || actor.access.admin;
}

/** A view's input checked against the entity, so a saved view always opens. */
function checkedInput(def: EntityDefinition, input: Partial<SavedViewInput>, actor: Actor): SavedViewInput {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 100) throw badRequest('a view needs a name of 1 to 100 characters');
  const kind = input.kind === 'kanban' ? 'kanban' : 'table';
  const mask = actor.access.fieldMask(def);
  const known = new Set([...def.fields.filter((field) => !mask.hidden.has(field.key)).map((field) => field.key), ...Object.keys(SYSTEM_SORT_FIELDS)]);
  const columns = Array.isArray(input.columns) ? input.columns.filter((column): column is string => typeof column === 'string') : def.listView.columns;
  for (const column of columns) if (!known.has(column)) throw badRequest(`"${column}" is not a field`);
  const filter: FilterGroup = { match: input.filter?.match === 'any' ? 'any' : 'all', conditions: Array.isArray(input.filter?.conditions) ? input.filter.conditions : [] };
  mongoFilter(def, filter, { actorId: actor.id, mask, locale: 'en' }); // refuses what a list would refuse
  const kanbanField = kind === 'kanban' ? input.kanbanField ?? def.kanbanField : undefined;
  const lanes = def.fields.find((field) => field.key === kanbanField);
  if (kind === 'kanban' && (lanes?.type !== 'select' || mask.hidden.has(lanes.key))) throw badRequest('a kanban view needs a single-select field');
  const pageSize = Math.min(Math.max(Number(input.pageSize) || def.listView.pageSize, 1), config.maxPageSize);
  // Sharing with everyone is for those who shape how the team works.
  const shared = Boolean(input.shared) && actor.access.system('shareViews');
  return { name, kind, shared, columns, sort: parseSort(def, input.sort, mask), filter, q: typeof input.q === 'string' ? input.q.slice(0, 100) : undefined, pageSize, kanbanField };
}

export async function listViews(entity: string, actor: Actor): Promise<SavedView[]> {
  await getEntity(entity);
  requireAction(actor, entity, 'read');
  const docs = await (await collection('views')).find({ entity }).toArray();
  return docs.filter((doc) => canSee(actor, doc)).map(toView).sort((a, b) => a.name.localeCompare(b.name));
}

export async function findView(entity: string, id: string, actor: Actor): Promise<SavedView> {
  if (!ObjectId.isValid(id)) throw notFound();
  const doc = await (await collection('views')).findOne({ _id: new ObjectId(id) });
  if (!doc || doc.entity !== entity || !canSee(actor, doc)) throw notFound();
  return toView(doc);
}

export async function createView(entity: string, input: Partial<SavedViewInput>, actor: Actor): Promise<SavedView> {
  const def = await getEntity(entity);
  requireAction(actor, entity, 'read');
  const view = checkedInput(def, input, actor);
  const now = new Date();
  const doc: SavedViewDoc = { _id: new ObjectId(), entity, ownerId: actor.id, createdAt: now, updatedAt: now, ...view };
  await (await collection('views')).insertOne(doc);
  // The entity's index plan includes what its saved views filter and sort by.
  await ensureRecordIndexes(def);
  return toView(doc);
}

export async function updateView(entity: string, id: string, input: Partial<SavedViewInput>, actor: Actor): Promise<SavedView> {
  const def = await getEntity(entity);
  const views = await collection('views');
  const existing = ObjectId.isValid(id) ? await views.findOne({ _id: new ObjectId(id) }) : null;
  if (!existing || existing.entity !== entity || !canSee(actor, existing)) throw notFound();
  if (!canChange(actor, existing)) throw forbidden();
  const view = checkedInput(def, { ...existing, ...input }, actor);
  const doc: SavedViewDoc = { ...existing, ...view, updatedAt: new Date() };
  await views.replaceOne({ _id: existing._id }, doc);
  await ensureRecordIndexes(def);
  return toView(doc);
}

export async function deleteView(entity: string, id: string, actor: Actor): Promise<void> {
  const views = await collection('views');
  const existing = ObjectId.isValid(id) ? await views.findOne({ _id: new ObjectId(id) }) : null;
  if (!existing || existing.entity !== entity || !canSee(actor, existing)) throw notFound();
  if (!canChange(actor, existing)) throw forbidden();
  await views.deleteOne({ _id: existing._id });
  const def = await getEntity(entity).catch(() => null);
  if (def) await ensureRecordIndexes(def);
}
