import { describe, expect, it } from 'vitest';
import type { Document } from 'mongodb';
import type { IndexSpec } from '@/lib/db/indexes';
import type { EntityDefinition, SortSpec } from '@/lib/entities/entity.types';
import type { FilterGroup } from '@/lib/fields/field.types';
import { loadTemplatePack } from '@/lib/templates/template.installer';
import { combine, keywordFilter, liveRecords, mongoFilter, mongoSort } from '@/lib/records/record.filter';
import { OPEN_MASK } from '@/lib/permissions/field-mask';
import { MAX_EQUALITY_INDEXES, recordIndexPlan, type RecordQueryUsage } from '@/lib/records/record.indexes';
import { salesEntity } from '../support/templates';

const LIVE = liveRecords();
const ACTOR = '6566aaaaaaaaaaaaaaaaaaaa';
const ctx = { actorId: ACTOR, mask: OPEN_MASK, locale: 'en' as const };

/** The list query the app builds (record.query.ts listSelection): live records, the filter, the keyword, the sort. */
function listQuery(def: EntityDefinition, filter?: FilterGroup, sort: SortSpec[] = def.listView.sort, q?: string) {
  return { filter: combine(LIVE, mongoFilter(def, filter, ctx), keywordFilter(def, q, OPEN_MASK)), sort: mongoSort(sort) };
}

/** Fields a filter holds to one value at the top level (the equality conditions an index prefix serves). */
function equalityKeys(filter: Document): string[] {
  const members = [filter, ...((filter.$and as Document[] | undefined) ?? [])];
  return members.flatMap((member) =>
    Object.entries(member)
      .filter(([key, value]) => !key.startsWith('$') && (value === null || typeof value !== 'object' || (Object.keys(value).length === 1 && value.$exists === false)))
      .map(([key]) => key),
  );
}

/**
 * The index that serves a query in order, as the pushdown and MongoDB use one: its keys are
 * equality conditions of the query (any order), then exactly the sort, or the sort reversed.
 */
function servingIndex(plan: IndexSpec[], filter: Document, sort: Record<string, 1 | -1> | null): IndexSpec | undefined {
  const equality = equalityKeys(filter);
  const sortEntries = Object.entries(sort ?? {});
  const serving = plan.filter((index) => {
    const keys = Object.entries(index.key);
    const prefix = keys.slice(0, keys.length - sortEntries.length);
    const rest = keys.slice(keys.length - sortEntries.length);
    if (prefix.length === 0 || !prefix.every(([key]) => equality.includes(key))) return false;
    const forward = rest.every(([key, direction], i) => sortEntries[i][0] === key && sortEntries[i][1] === direction);
    const backward = rest.every(([key, direction], i) => sortEntries[i][0] === key && sortEntries[i][1] === -direction);
    return forward || backward;
  });
  // The one with the most equality keys: it reads only the matching rows.
  return serving.sort((a, b) => Object.keys(b.key).length - Object.keys(a.key).length)[0];
}

const NO_USAGE: RecordQueryUsage = { views: [], rollupSources: [] };

describe('record index plan', () => {
  const task = salesEntity('task');
  const taskPlan = recordIndexPlan(task, NO_USAGE);

  it('serves the list, a list by status or owner, kanban lanes and related lists in the list order', () => {
    const byDueDate = { dueDate: 1, _id: 1 };
    const shapes: [string, { filter: Document; sort: Record<string, 1 | -1> }, Record<string, number>][] = [
      ['the unfiltered list', listQuery(task), { _deletedAt: 1, ...byDueDate }],
      ['a list by one status', listQuery(task, { match: 'all', conditions: [{ field: 'status', op: 'anyOf', value: ['open'] }] }), { _deletedAt: 1, status: 1, ...byDueDate }],
      ['the same, sorted the other way', listQuery(task, { match: 'all', conditions: [{ field: 'status', op: 'anyOf', value: ['open'] }] }, [{ field: 'dueDate', direction: 'desc' }]), { _deletedAt: 1, status: 1, ...byDueDate }],
      ["an owner's records", listQuery(task, { match: 'all', conditions: [{ field: 'ownerId', op: 'anyOf', value: [ACTOR] }] }), { _deletedAt: 1, _ownerId: 1, ...byDueDate }],
      ['my tasks', listQuery(task, { match: 'all', conditions: [{ field: 'assignee', op: 'isMe' }] }), { _deletedAt: 1, assignee: 1, ...byDueDate }],
      ['a kanban lane', { filter: combine(LIVE, { status: 'open' }), sort: mongoSort(task.listView.sort) }, { _deletedAt: 1, status: 1, ...byDueDate }],
      ['the lane of records without a status', { filter: combine(LIVE, { status: null }), sort: mongoSort(task.listView.sort) }, { _deletedAt: 1, status: 1, ...byDueDate }],
      ["a customer's tasks (related list)", { filter: combine(LIVE, { customer: ACTOR }), sort: mongoSort(task.listView.sort) }, { _deletedAt: 1, customer: 1, ...byDueDate }],
      ['a keyword search by status', listQuery(task, { match: 'all', conditions: [{ field: 'status', op: 'anyOf', value: ['open'] }] }, undefined, 'quote'), { _deletedAt: 1, status: 1, ...byDueDate }],
    ];
    for (const [what, shape, key] of shapes) expect(servingIndex(taskPlan, shape.filter, shape.sort)?.key, what).toEqual(key);
  });

  it('asks for one value as plain equality, one object of top-level fields', () => {
    const { filter } = listQuery(task, {
      match: 'all',
      conditions: [
        { field: 'status', op: 'anyOf', value: ['open'] },
        { field: 'priority', op: 'noneOf', value: ['low'] },
        { field: 'dueDate', op: 'between', value: ['2026-01-01', '2026-03-31'] },
      ],
    });
    expect(filter).toEqual({ _deletedAt: null, status: 'open', priority: { $ne: 'low' }, dueDate: { $gte: '2026-01-01', $lte: '2026-03-31' } });
    // Several values stay a list; two conditions on one field stay an $and.
    expect(listQuery(task, { match: 'all', conditions: [{ field: 'status', op: 'anyOf', value: ['open', 'done'] }] }).filter).toEqual({ ...LIVE, status: { $in: ['open', 'done'] } });
    const twice = listQuery(task, { match: 'all', conditions: [{ field: 'dueDate', op: 'after', value: '2026-01-01' }, { field: 'dueDate', op: 'before', value: '2026-03-01' }] }).filter;
    expect(twice).toEqual({ ...LIVE, $and: [{ dueDate: { $gt: '2026-01-01' } }, { dueDate: { $lt: '2026-03-01' } }] });
  });

  it('gives the shapes of the issue the index it names', () => {
    // A select filtered by one value and sorted by a date, as in the peer benchmark.
    const def: EntityDefinition = {
      key: 'bench_customer',
      version: 1,
      label: { 'zh-CN': '客户', en: 'Customer' },
      displayField: 'name',
      fields: [
        { key: 'name', type: 'text', label: { 'zh-CN': '名称', en: 'Name' } },
        { key: 'source', type: 'select', label: { 'zh-CN': '来源', en: 'Source' }, options: [{ value: 'web', label: { 'zh-CN': '网站', en: 'Web' } }] },
        { key: 'createdDate', type: 'datetime', label: { 'zh-CN': '日期', en: 'Date' } },
      ],
      listView: { columns: ['name'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 50 },
    };
    const keys = recordIndexPlan(def, NO_USAGE).map((index) => index.key);
    expect(keys).toContainEqual({ _deletedAt: 1, _createdAt: -1, _id: -1 });
    expect(keys).toContainEqual({ _deletedAt: 1, source: 1, _createdAt: -1, _id: -1 });
    const byDate = { ...def, listView: { ...def.listView, sort: [{ field: 'createdDate', direction: 'desc' as const }] } };
    const plan = recordIndexPlan(byDate, NO_USAGE);
    const page = listQuery(byDate, { match: 'all', conditions: [{ field: 'source', op: 'anyOf', value: ['web'] }] });
    expect(servingIndex(plan, page.filter, page.sort)?.key).toEqual({ _deletedAt: 1, source: 1, createdDate: -1, _id: -1 });
  });

  it('adds what saved views and rollups ask for, once per shape', () => {
    const usage: RecordQueryUsage = {
      views: [
        // Another sort and an equality condition: an index of its own.
        { kind: 'table', sort: [{ field: 'title', direction: 'asc' }], filter: { match: 'all', conditions: [{ field: 'priority', op: 'anyOf', value: ['high'] }] } },
        // The list's own sort, reversed, by status: already served.
        { kind: 'table', sort: [{ field: 'dueDate', direction: 'desc' }], filter: { match: 'all', conditions: [{ field: 'status', op: 'anyOf', value: ['done'] }] } },
        // Any of several conditions: no equality prefix, only the sort.
        { kind: 'table', sort: [{ field: 'updatedAt', direction: 'desc' }], filter: { match: 'any', conditions: [{ field: 'status', op: 'anyOf', value: ['done'] }, { field: 'priority', op: 'anyOf', value: ['high'] }] } },
      ],
      rollupSources: [{ entity: 'task', match: { customer: 'id' }, fn: 'count' }, { entity: 'task', match: { customer: 'customer', assignee: 'owner' }, fn: 'count' }],
    };
    const plan = recordIndexPlan(task, usage);
    const keys = plan.map((index) => index.key);
    expect(keys).toContainEqual({ _deletedAt: 1, priority: 1, title: 1, _id: 1 });
    expect(keys).toContainEqual({ _deletedAt: 1, _updatedAt: -1, _id: -1 });
    expect(keys).toContainEqual({ _deletedAt: 1, customer: 1, assignee: 1 });
    expect(keys.filter((key) => JSON.stringify(key).includes('"status"'))).toEqual([{ _deletedAt: 1, status: 1, dueDate: 1, _id: 1 }]);
    // Each shape once, each name once, all ours.
    expect(new Set(plan.map((index) => index.name)).size).toBe(plan.length);
    expect(new Set(keys.map((key) => JSON.stringify(key))).size).toBe(plan.length);
    for (const index of plan) expect(index.name).toMatch(/^sf_[A-Za-z0-9_]{1,61}$/);
  });

  it('leaves out fields holding lists, and keeps merely filterable fields to a bounded number', async () => {
    for (const pack of ['sales-crm', 'after-sales', 'purchasing']) {
      const { entities } = await loadTemplatePack(pack);
      for (const def of entities) {
        const plan = recordIndexPlan(def, NO_USAGE);
        const byOneValue = plan.filter((index) => Object.keys(index.key).length > 2 && !index.name.startsWith('sf_list_'));
        const relations = def.fields.filter((field) => field.type === 'relation' && !field.relation?.many).length;
        // The owner, the kanban field and the relations (related lists) always; others up to the bound.
        expect(byOneValue.length, def.key).toBeLessThanOrEqual(Math.max(MAX_EQUALITY_INDEXES, 2 + relations) + 1);
        for (const index of plan) {
          expect(Object.keys(index.key)[0], `${def.key} ${index.name}`).toBe('_deletedAt');
          for (const key of Object.keys(index.key)) {
            const field = def.fields.find((candidate) => candidate.key === key);
            if (field) expect(['multiselect', 'subtable', 'attachment'], `${def.key}.${key}`).not.toContain(field.type);
          }
        }
      }
    }
  });
});
