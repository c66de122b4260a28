import { createHash } from 'node:crypto';
import { collection, recordCollection } from '@/lib/db/collections';
import { OWN_INDEX_PREFIX, syncIndexes, type IndexSpec } from '@/lib/db/indexes';
import type { EntityDefinition, SortSpec } from '@/lib/entities/entity.types';
import type { FieldDefinition, FilterGroup, RollupSettings } from '@/lib/fields/field.types';
import { FIELD_TYPES, holdsOneValue } from '@/lib/fields/registry';
import { mongoFilter, mongoSort } from '@/lib/records/record.filter';
import { OPEN_MASK } from '@/lib/permissions/field-mask';

/**
 * The indexes of an entity's records collection, planned from how the app asks for them:
 *
 * - every list query is `{_deletedAt: null}` (live records; the recycle bin: `$exists: true`),
 *   equality conditions, and a sort with the `_id` tiebreak (record.filter.ts);
 * - an index whose keys are `_deletedAt`, then the equality fields, then the sort serves such a
 *   query in order: MongoDB walks it, and the embedded FerretDB builds it order-exact in SQLite
 *   (docs/embedded-database.md), so a page reads its 50 rows and a count only the index;
 * - so each shape the app asks in gets one: the unfiltered list (`sf_list_*`), the list by one
 *   value of a field people filter by (`sf_<field>_by_*`: the owner, the kanban lanes, related
 *   lists by their relation field, saved views' equality conditions), saved views that sort
 *   differently, and rollups' lookups by several match fields.
 *
 * Dashboards plan their own indexes (`dash_*`, lib/dashboards/dashboard.indexes.ts) from their
 * widgets' queries when a dashboard is saved, installed or deleted, and at every start.
 *
 * Unique values and import de-duplication need no record index: claims live in unique_values
 * (found by _id), and an import reads the stored values once. Each index costs every write, so
 * fields that are merely filterable by type (the registry's `indexed`: selects, users) get one
 * only up to MAX_EQUALITY_INDEXES, after those actual use asks for.
 */
export const MAX_EQUALITY_INDEXES = 5;

/** A saved view as far as indexes care. */
export interface ViewShape {
  kind?: 'table' | 'kanban';
  kanbanField?: string;
  sort: SortSpec[];
  filter?: FilterGroup;
}

/** How the rest of the platform asks for this entity's records, beyond its own definition. */
export interface RecordQueryUsage {
  views: ViewShape[];
  /** Rollups of any entity whose source is this entity (their $match is an equality lookup here). */
  rollupSources: RollupSettings[];
}

export const NO_USAGE: RecordQueryUsage = { views: [], rollupSources: [] };

/** Stored keys of the system fields rollups and filters name. */
function storedKey(key: string): string {
  return key === 'id' ? '_id' : key === 'ownerId' ? '_ownerId' : key;
}

const LIVE = { _deletedAt: 1 } as const;

/** A top-level field holding one scalar, which an index can order by. */
function scalarField(def: EntityDefinition, key: string): FieldDefinition | undefined {
  const field = (def.fields ?? []).find((candidate) => candidate.key === key);
  return field && holdsOneValue(field) ? field : undefined;
}

function equalityKeyOk(def: EntityDefinition, key: string): boolean {
  return key === '_ownerId' || key === '_departmentId' || scalarField(def, key) !== undefined;
}

/**
 * The fields a view's filter tests for one value (`{field: value}` or `{field: {$exists:
 * false}}`), as the list would ask: only when all its conditions must hold.
 */
export function equalityFields(def: EntityDefinition, filter: FilterGroup | undefined): string[] {
  if (!filter || !Array.isArray(filter.conditions) || (filter.match === 'any' && filter.conditions.length > 1)) return [];
  const keys: string[] = [];
  for (const condition of filter.conditions) {
    let part: Record<string, unknown>;
    try {
      part = mongoFilter(def, { match: 'all', conditions: [condition] }, { actorId: '000000000000000000000000', mask: OPEN_MASK, locale: 'en' });
    } catch {
      continue; // a condition the list would refuse asks for nothing
    }
    const entries = Object.entries(part);
    if (entries.length !== 1) continue;
    const [key, value] = entries[0];
    const single = value === null || typeof value !== 'object' || (Object.keys(value).length === 1 && (value as Record<string, unknown>).$exists === false);
    if (single && !key.startsWith('$') && equalityKeyOk(def, key) && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

function cleanName(key: string): string {
  return key.replace(/^_+/, '');
}

/** An index name from its keys: `sf_<equality fields>_by_<sort fields>`, hashed when long. */
function indexName(equality: string[], sort: Record<string, 1 | -1> | null): string {
  const sortFields = sort ? Object.keys(sort).filter((key) => key !== '_id').map(cleanName) : [];
  const parts = equality.length === 0 ? ['list', ...sortFields] : sort ? [...equality.map(cleanName), 'by', ...sortFields] : equality.map(cleanName);
  const name = `${OWN_INDEX_PREFIX}${parts.join('_')}`;
  if (name.length <= 64) return name;
  return `${OWN_INDEX_PREFIX}${createHash('sha256').update(JSON.stringify([equality, sort])).digest('hex').slice(0, 16)}`;
}

/**
 * Two shapes one index serves: the same equality fields (in any order) and the same sort, or
 * the sort reversed (an index is walked backwards for the opposite order).
 */
function shapeKey(equality: string[], sort: Record<string, 1 | -1> | null): string {
  const entries = Object.entries(sort ?? {});
  const flip = entries[0]?.[1] === -1 ? -1 : 1;
  return JSON.stringify([[...equality].sort(), entries.map(([key, direction]) => [key, direction * flip])]);
}

/** The indexes an entity's records need, from its definition and how the rest of the platform asks. */
export function recordIndexPlan(def: EntityDefinition, usage: RecordQueryUsage = NO_USAGE): IndexSpec[] {
  const plan: (IndexSpec & { equality: string[]; shape: string })[] = [];
  const add = (equality: string[], sort: Record<string, 1 | -1> | null) => {
    const shape = shapeKey(equality, sort);
    if (plan.some((planned) => planned.shape === shape)) return;
    // Lookups without a sort are served by any index that starts with the same equality fields.
    if (!sort && plan.some((planned) => planned.equality.length >= equality.length && equality.every((key) => planned.equality.slice(0, equality.length).includes(key)))) return;
    plan.push({ name: indexName(equality, sort), key: { ...LIVE, ...Object.fromEntries(equality.map((key) => [key, 1 as const])), ...(sort ?? {}) }, equality, shape });
  };
  // A definition stored before definitions were checked completely may lack parts: plan what it has.
  const fields = def.fields ?? [];
  const listSort = mongoSort(def.listView?.sort ?? []);

  // The unfiltered list (and the recycle bin) in the list's order.
  add([], listSort);

  // Lists by one value of a field, in the list's order; fields actual use asks for come first.
  // Data scopes (lib/permissions) filter on one of these two.
  const known: string[] = ['_ownerId', '_departmentId'];
  if (def.kanbanField) known.push(def.kanbanField);
  for (const view of usage.views) {
    if (view.kind === 'kanban' && view.kanbanField) known.push(view.kanbanField);
    known.push(...equalityFields(def, view.filter).slice(0, 1));
  }
  known.push(...equalityFields(def, def.listView?.filter).slice(0, 1));
  // Related lists: each relation field finds the records pointing to one record.
  known.push(...fields.filter((field) => field.type === 'relation').map((field) => field.key));
  // Rollups look their sources up by one match field (more are planned below).
  for (const rollup of usage.rollupSources) {
    const keys = Object.keys(rollup.match).map(storedKey);
    if (keys.length === 1) known.push(keys[0]);
  }
  // Then, while there is room, the fields people may filter by: people (my records) before selects.
  const filterable = fields.filter((field) => FIELD_TYPES[field.type]?.indexed);
  const guessed = [...filterable.filter((field) => field.type === 'user'), ...filterable.filter((field) => field.type !== 'user')].map((field) => field.key);
  const equality: string[] = [];
  for (const key of known) if (key !== '_id' && equalityKeyOk(def, key) && !equality.includes(key)) equality.push(key);
  for (const key of guessed) if (equality.length < MAX_EQUALITY_INDEXES && equalityKeyOk(def, key) && !equality.includes(key)) equality.push(key);
  for (const key of equality) add([key], listSort);

  // Saved views: their equality conditions (up to three) and their own sort.
  for (const view of usage.views) {
    const sort = view.sort.length > 0 ? mongoSort(view.sort) : listSort;
    add(equalityFields(def, view.filter).slice(0, 3), sort);
  }

  // Rollups matching on several fields look their sources up by all of them (a where is
  // checked on the few records those select).
  for (const rollup of usage.rollupSources) {
    const keys = Object.keys(rollup.match).map(storedKey);
    if (keys.length > 1 && keys.every((key) => key !== '_id' && equalityKeyOk(def, key))) add([...new Set(keys)], null);
  }
  // This entity's own rollups: the worker finds the records to recompute by their match fields.
  for (const field of fields) {
    const targets = field.type === 'rollup' && field.rollup ? Object.values(field.rollup.match).map(storedKey) : [];
    if (targets.length > 1 && targets.every((key) => equalityKeyOk(def, key))) add([...new Set(targets)], null);
  }
  return plan.map(({ name, key }) => ({ name, key }));
}

/** Index names earlier versions gave record collections (before the plan): dropped when found. */
function legacyRecordIndex(name: string): boolean {
  return name === 'created_at' || name === 'owner' || /^f_[A-Za-z0-9_]+$/.test(name) || /^sort_[A-Za-z0-9_]+_(asc|desc)$/.test(name);
}

/** How saved views and rollups of other entities ask for this entity's records. */
export async function recordQueryUsage(entity: string): Promise<RecordQueryUsage> {
  const [views, entities] = await Promise.all([
    (await collection('views')).find({ entity }, { projection: { kind: 1, kanbanField: 1, sort: 1, filter: 1 } }).toArray(),
    (await collection('entities')).find({}, { projection: { fields: 1, archived: 1 } }).toArray(),
  ]);
  const rollupSources = entities
    .filter((doc) => !doc.archived)
    .flatMap((doc) => doc.fields ?? [])
    .flatMap((field) => (field.type === 'rollup' && field.rollup?.entity === entity ? [field.rollup] : []));
  return { views: views.map((view) => ({ kind: view.kind, kanbanField: view.kanbanField, sort: view.sort ?? [], filter: view.filter })), rollupSources };
}

/**
 * Brings an entity's records collection to its index plan: run by setup, when a definition is
 * published, and when a saved view that reads it changes. Indexes of ours that the
 * plan no longer has are dropped; indexes others made are left alone.
 */
export async function ensureRecordIndexes(def: EntityDefinition): Promise<{ created: string[]; dropped: string[] }> {
  const plan = recordIndexPlan(def, await recordQueryUsage(def.key));
  return syncIndexes(await recordCollection(def.key), plan, (name) => name.startsWith(OWN_INDEX_PREFIX) || legacyRecordIndex(name));
}
