import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo, database } from '@/lib/db/mongo';
import { getEntity } from '@/lib/entities/entity.service';
import { translator } from '@/lib/i18n/messages';
import { Deduper } from '@/lib/imports/import.dedupe';
import { kanbanLanes, listRecords, relatedRecords } from '@/lib/records/record.query';
import { createRecord, createRecords, deleteRecord, updateRecord } from '@/lib/records/record.service';
import { computeRollup } from '@/lib/records/rollup.compute';
import { actorFor } from '@/lib/permissions/actor';
import type { Actor } from '@/lib/users/user.types';
import { enqueueStaleRuns } from '@/lib/workflows/workflow.service';
import { ADMIN } from '../support/http';
import { pushdownCounters, type PushdownCounters } from '../support/ferretdb';

afterAll(closeMongo);

/**
 * The patched embedded database counts the path each query took (serverStatus.pushdown, see
 * docs/embedded-database.md): here every query the app's hot paths make must run in SQL, none
 * may fall back to reading and decoding the whole collection. On MongoDB or the unpatched
 * binary there are no counters, and nothing to check.
 */
type Paths = PushdownCounters;

async function pushdownPaths(): Promise<Paths | null> {
  return (await pushdownCounters(await database())) ?? null;
}

const patched = (await pushdownPaths()) !== null;

/** The paths the work's queries took (counter increments). */
async function pathsOf(work: () => Promise<unknown>): Promise<Paths> {
  const before = (await pushdownPaths())!;
  await work();
  const after = (await pushdownPaths())!;
  return Object.fromEntries(Object.entries(after).flatMap(([path, n]) => (n !== before[path] ? [[path, n - before[path]]] : [])));
}

describe.runIf(patched)('the app asks in shapes the embedded database answers in SQL', () => {
  let actor: Actor;
  let customerId: string;
  const t = translator('en');

  beforeAll(async () => {
    const admin = await (await collection('users')).findOne({ email: ADMIN.email });
    actor = await actorFor(admin!, 'session');
    const stamp = Date.now();
    const id = new ObjectId();
    await createRecords('customer', [{ id, input: { name: `Shapes ${stamp}`, phone: `137${String(stamp % 1e8).padStart(8, '0')}` } }], { actor, t });
    customerId = id.toHexString();
    for (const status of ['open', 'done']) {
      await createRecord('task', { title: `Quote for shapes ${status}`, status, priority: 'normal', dueDate: '2026-04-01', customer: customerId, assignee: actor.id }, { actor, t });
    }
  });

  const lists: [string, () => Parameters<typeof listRecords>[1]][] = [
    ['the default list', () => ({})],
    ['a list by one status', () => ({ filter: { match: 'all', conditions: [{ field: 'status', op: 'anyOf', value: ['open'] }] } })],
    ['a list by two statuses', () => ({ filter: { match: 'all', conditions: [{ field: 'status', op: 'anyOf', value: ['open', 'done'] }] } })],
    ["an owner's records", () => ({ filter: { match: 'all', conditions: [{ field: 'ownerId', op: 'anyOf', value: [actor.id] }] } })],
    ['my tasks', () => ({ filter: { match: 'all', conditions: [{ field: 'assignee', op: 'isMe' }] } })],
    ['a date range, sorted the other way', () => ({ filter: { match: 'all', conditions: [{ field: 'dueDate', op: 'between', value: ['2026-01-01', '2026-12-31'] }] }, sort: 'dueDate:desc' })],
    ['records without notes', () => ({ filter: { match: 'all', conditions: [{ field: 'notes', op: 'empty' }] } })],
    ['any of two conditions', () => ({ filter: { match: 'any', conditions: [{ field: 'status', op: 'anyOf', value: ['done'] }, { field: 'priority', op: 'anyOf', value: ['high'] }] } })],
    ['a keyword search', () => ({ q: 'quote' })],
    ['a deep page', () => ({ page: 40, pageSize: 50 })],
    ['the recycle bin', () => ({ deleted: true })],
  ];

  it.each(lists)('%s: a sorted page and a count, in SQL', async (_what, query) => {
    const paths = await pathsOf(() => listRecords('task', query(), actor, 'en'));
    expect(paths.fallback ?? 0).toBe(0);
    expect(paths.sortLimit).toBeGreaterThanOrEqual(1);
    expect(paths.countDocuments).toBeGreaterThanOrEqual(1);
  });

  it('kanban lanes and related lists', async () => {
    expect((await pathsOf(() => kanbanLanes('task', {}, actor, 'en'))).fallback ?? 0).toBe(0);
    expect((await pathsOf(() => relatedRecords('customer', customerId, actor))).fallback ?? 0).toBe(0);
  });

  it('rollups, the worker sweep and an import de-duplication read', async () => {
    for (const fn of ['sum', 'count', 'min', 'max'] as const) {
      const paths = await pathsOf(() => computeRollup({ entity: 'opportunity', match: { customer: 'id' }, field: 'amount', fn }, { id: customerId }));
      expect(paths.fallback ?? 0, fn).toBe(0);
    }
    expect((await pathsOf(() => enqueueStaleRuns())).fallback ?? 0).toBe(0);
    const def = await getEntity('customer');
    expect((await pathsOf(() => Deduper.load(def, { mode: 'skip', fields: ['name'] }, 'none'))).fallback ?? 0).toBe(0);
  });

  it('creates with references and unique values, updates locked on their version, deletes', async () => {
    const paths = await pathsOf(async () => {
      const { record } = await createRecord('task', { title: 'Shapes write', status: 'open', priority: 'low', dueDate: '2026-04-02', customer: customerId }, { actor, t });
      await createRecord('customer', { name: `Shapes unique ${Date.now()}`, phone: `136${String(Date.now() % 1e8).padStart(8, '0')}` }, { actor, t });
      await updateRecord('task', record.id, { priority: 'high' }, { actor, t }, 'merge');
      await deleteRecord('task', record.id, { actor, t });
    });
    expect(paths.fallback ?? 0).toBe(0);
    expect(await (await recordCollection('task')).countDocuments({ title: 'Shapes write', _deletedAt: { $exists: true } })).toBe(1);
  });
});
