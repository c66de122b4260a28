import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo, database } from '@/lib/db/mongo';
import { saveDashboard } from '@/lib/dashboards/dashboard.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { AppError } from '@/lib/errors/app-error';
import { translator } from '@/lib/i18n/messages';
import { updateRecord } from '@/lib/records/record.service';
import { rebuildUniqueClaims } from '@/lib/records/unique-values';
import { adminTokenClient, sessionClient, uniqueName, type ApiClient } from '../support/http';

/**
 * The field settings the template packs rely on, through the running app and its database:
 * a cost only managers see, an order status that changes only along its transitions, and
 * unique names and phones compared as people read them.
 */
const key = `it_fields_${Date.now().toString(36)}`;
const label = (en: string, zh = en) => ({ 'zh-CN': zh, en });
const definition: EntityDefinition = {
  key,
  version: 0,
  label: label('Product'),
  displayField: 'name',
  fields: [
    { key: 'no', type: 'autonumber', label: label('No.'), autonumber: { prefix: 'PRD', dateFormat: '', digits: 6 } },
    { key: 'name', type: 'text', label: label('Name'), required: true, unique: true },
    { key: 'phone', type: 'phone', label: label('Phone'), unique: true },
    { key: 'price', type: 'money', label: label('Price'), currency: 'CNY' },
    { key: 'cost', type: 'money', label: label('Cost'), currency: 'CNY', visibleTo: ['admin', 'manager'] },
    { key: 'tier', type: 'select', label: label('Margin tier'), options: [{ value: 'high', label: label('High') }], visibleTo: ['manager'] },
    {
      key: 'status',
      type: 'select',
      label: label('Status', '状态'),
      options: [
        { value: 'draft', label: label('Draft', '草稿') },
        { value: 'confirmed', label: label('Confirmed', '已确认') },
        { value: 'shipped', label: label('Shipped', '已发货') },
        { value: 'cancelled', label: label('Cancelled', '已取消') },
      ],
      transitions: { draft: ['confirmed', 'cancelled'], confirmed: ['shipped', 'cancelled'] },
    },
  ],
  listView: { columns: ['no', 'name', 'price', 'cost', 'status'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
  kanbanField: 'status',
};

let admin: ApiClient;
let manager: ApiClient;
let staff: ApiClient;

async function newUser(role: 'manager' | 'staff'): Promise<ApiClient> {
  const email = `${uniqueName(role).replace(/\s/g, '-')}@test.local`;
  const password = 'fields-test-password';
  const created = await admin.post('/api/users', { email, name: `Fields ${role}`, role, password });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return sessionClient(email, password);
}

async function stored(id: string) {
  return (await recordCollection(key)).findOne({ _id: new ObjectId(id) });
}

beforeAll(async () => {
  admin = await adminTokenClient();
  const draft = await admin.put(`/api/entities/${key}/draft`, definition);
  expect(draft.body.problems).toEqual([]);
  const published = await admin.post(`/api/entities/${key}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  [manager, staff] = await Promise.all([newUser('manager'), newUser('staff')]);
});
afterAll(closeMongo);

describe('a field visible to admins and managers only', () => {
  let id: string;

  beforeAll(async () => {
    // Staff create the product; the cost they send is not theirs to set.
    const created = await staff.post(`/api/records/${key}`, { name: 'Widget', price: '19.90', cost: '1.00', status: 'draft' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).not.toHaveProperty('cost');
    id = created.body.id;
    expect((await stored(id))?.cost).toBeUndefined();
    const costed = await manager.patch(`/api/records/${key}/${id}`, { cost: '12.50', tier: 'high' });
    expect(costed.status, JSON.stringify(costed.body)).toBe(200);
    expect(costed.body.data).toMatchObject({ cost: 1250, tier: 'high' });
  });

  it('is left out of the definition staff browsers get, not out of the managers’ or the designer’s', async () => {
    const forStaff = await staff.get(`/api/entities/${key}`);
    expect(forStaff.body.fields.map((field: { key: string }) => field.key)).not.toContain('cost');
    expect(forStaff.body.listView.columns).toEqual(['no', 'name', 'price', 'status']);
    expect(forStaff.body.fields.map((field: { key: string }) => field.key)).not.toContain('tier');
    expect((await staff.get('/api/entities')).body.items.find((def: EntityDefinition) => def.key === key).fields.map((field: { key: string }) => field.key)).not.toContain('cost');
    expect((await manager.get(`/api/entities/${key}`)).body.fields.map((field: { key: string }) => field.key)).toContain('cost');
    expect((await admin.get(`/api/entities/${key}/draft`)).body.published.fields.map((field: { key: string }) => field.key)).toContain('cost');
  });

  it('is not in any read staff make: the record, the list, the board, the history', async () => {
    const record = await staff.get(`/api/records/${key}/${id}`);
    expect(record.status).toBe(200);
    expect(record.body.data).toMatchObject({ name: 'Widget', price: 1990 });
    expect(JSON.stringify(record.body)).not.toContain('1250');
    const list = await staff.get(`/api/records/${key}?q=Widget`);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    expect(list.body.items[0].data).not.toHaveProperty('cost');
    const board = await staff.get(`/api/records/${key}/kanban`);
    const card = board.body.lanes.flatMap((lane: { items: { id: string; data: object }[] }) => lane.items).find((item: { id: string }) => item.id === id);
    expect(card.data).not.toHaveProperty('cost');
    const history = await staff.get(`/api/records/${key}/${id}/history`);
    expect(history.body.map((entry: { action: string }) => entry.action)).toEqual(['update', 'create']);
    expect(history.body.flatMap((entry: { changes: { field: string }[] }) => entry.changes.map((change) => change.field))).not.toContain('cost');
    expect(JSON.stringify(history.body)).not.toContain('1250');

    expect((await manager.get(`/api/records/${key}/${id}`)).body.data.cost).toBe(1250);
    const managerHistory = await manager.get(`/api/records/${key}/${id}/history`);
    expect(managerHistory.body[0].changes).toEqual([
      { field: 'cost', before: null, after: 1250 },
      { field: 'tier', before: null, after: 'high' },
    ]);
  });

  it('shows staff no chart grouped by it', async () => {
    const chart = (groupBy: string) => ({ id: groupBy, title: label(groupBy), kind: 'bar' as const, entity: key, groupBy });
    await saveDashboard({ key, version: 1, title: label('Products'), charts: [chart('tier'), chart('status')] });
    const points = async (client: ApiClient) => {
      const response = await client.get(`/api/dashboards/${key}`);
      expect(response.status).toBe(200);
      return response.body.charts.map((entry: { points: { key: string }[] }) => entry.points.map((point) => point.key));
    };
    try {
      expect(await points(staff)).toEqual([[], ['draft']]);
      expect(await points(manager)).toEqual([['high'], ['draft']]);
    } finally {
      await (await collection('dashboards')).deleteOne({ _id: key }); // not in the other suites' menus
    }
  });

  it('cannot be filtered or sorted by staff, as if it did not exist', async () => {
    const filter = encodeURIComponent(JSON.stringify({ match: 'all', conditions: [{ field: 'cost', op: 'gt', value: 10 }] }));
    const filtered = await staff.get(`/api/records/${key}?filter=${filter}`);
    expect(filtered.status).toBe(400);
    expect(filtered.body.error.message).toContain('cost');
    expect((await staff.get(`/api/records/${key}?sort=cost:desc`)).status).toBe(400);
    expect((await staff.get(`/api/records/${key}?filter=${filter}&sort=cost:desc`)).status).toBe(400);
    expect((await staff.post(`/api/views/${key}`, { name: 'by cost', filter: { match: 'all', conditions: [{ field: 'cost', op: 'gt', value: 10 }] } })).status).toBe(400);
    const byManager = await manager.get(`/api/records/${key}?filter=${filter}&sort=cost:desc`);
    expect(byManager.status).toBe(200);
    expect(byManager.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
  });

  it('keeps its stored value when staff save the record, whatever they send', async () => {
    const current = await staff.get(`/api/records/${key}/${id}`);
    // A form sends every field it has (replace); a script might add the cost.
    const saved = await staff.put(`/api/records/${key}/${id}`, { ...current.body.data, price: '21.00', cost: '0.01' }, { 'if-match': String(current.body.version) });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.data).not.toHaveProperty('cost');
    expect(await stored(id)).toMatchObject({ price: 2100, cost: 1250 });
    const patched = await staff.patch(`/api/records/${key}/${id}`, { cost: null });
    expect(patched.status).toBe(200);
    expect((await stored(id))?.cost).toBe(1250);
    expect((await manager.get(`/api/records/${key}/${id}`)).body.data).toMatchObject({ price: 2100, cost: 1250 });
  });
});

describe('an order status that changes only along its transitions', () => {
  async function order(status: string) {
    const created = await admin.post(`/api/records/${key}`, { name: uniqueName('Order'), status });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; version: number };
  }

  it('refuses a change not allowed, in the user’s language, and allows the listed ones', async () => {
    const { id, version } = await order('draft');
    const skipped = await admin.patch(`/api/records/${key}/${id}`, { status: 'shipped' });
    expect(skipped.status).toBe(400);
    expect(skipped.body.error.fields).toEqual({ status: ['Cannot change from “Draft” to “Shipped”.'] });
    const zh = await manager.withLocale('zh-CN').patch(`/api/records/${key}/${id}`, { status: 'shipped' });
    expect(zh.body.error.fields).toEqual({ status: ['不能从“草稿”改为“已发货”。'] });
    expect((await stored(id))?.status).toBe('draft');

    // The board moves a card with a PATCH of the lane field and the card's version.
    const confirmed = await admin.patch(`/api/records/${key}/${id}`, { status: 'confirmed' }, { 'if-match': String(version) });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const shipped = await admin.patch(`/api/records/${key}/${id}`, { status: 'shipped' }, { 'if-match': String(confirmed.body.version) });
    expect(shipped.status).toBe(200);
    const back = await admin.patch(`/api/records/${key}/${id}`, { status: 'draft' }, { 'if-match': String(shipped.body.version) });
    expect(back.status).toBe(400);
    expect(back.body.error.fields.status).toEqual(['Cannot change from “Shipped” to “Draft”.']);
    expect((await admin.patch(`/api/records/${key}/${id}`, { status: null })).body.error.fields.status).toEqual(['Cannot change from “Shipped” to “—”.']);
    expect((await stored(id))?.status).toBe('shipped');
    // Other fields of a record in a final state still change.
    expect((await admin.patch(`/api/records/${key}/${id}`, { price: 5 })).status).toBe(200);
  });

  it('holds for bulk edits and for automations', async () => {
    const [draft, confirmed] = [await order('draft'), await order('confirmed')];
    const bulk = await admin.post(`/api/records/${key}/bulk`, { action: 'update', ids: [draft.id, confirmed.id], data: { status: 'shipped' } });
    expect(bulk.status).toBe(200);
    expect(bulk.body.succeeded).toEqual([confirmed.id]);
    expect(bulk.body.failed).toEqual([expect.objectContaining({ id: draft.id, fields: { status: ['Cannot change from “Draft” to “Shipped”.'] } })]);
    expect((await stored(draft.id))?.status).toBe('draft');
    expect((await stored(confirmed.id))?.status).toBe('shipped');

    const ctx = { actor: AUTOMATION_ACTOR, t: translator('en') };
    const refused = await updateRecord(key, confirmed.id, { status: 'draft' }, ctx, 'merge').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).fields).toEqual({ status: ['Cannot change from “Shipped” to “Draft”.'] });
    expect((await updateRecord(key, draft.id, { status: 'cancelled' }, ctx, 'merge')).data.status).toBe('cancelled');
  });
});

describe('unique values compared as people read them', () => {
  it('finds “ＡＣＭＥ  Ltd” and “acme ltd” the same name, and names the record that has it', async () => {
    const first = await admin.post(`/api/records/${key}`, { name: 'ＡＣＭＥ  Ltd' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.data.name).toBe('ＡＣＭＥ  Ltd'); // stored as typed
    const second = await admin.post(`/api/records/${key}`, { name: 'acme ltd' });
    expect(second.status).toBe(400);
    expect(second.body.error.fields.name).toEqual([`Already used by ${first.body.data.no} “ＡＣＭＥ  Ltd”.`]);
    expect((await admin.post(`/api/records/${key}`, { name: 'ACME\u3000LTD' })).status).toBe(400);
    expect((await admin.post(`/api/records/${key}`, { name: 'ACME Ltd.' })).status).toBe(201);
  });

  it('finds “+86 138-0013-8000” and “13800138000” the same phone', async () => {
    const first = await admin.post(`/api/records/${key}`, { name: uniqueName('Phone one'), phone: '+86 138-0013-8000' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await admin.post(`/api/records/${key}`, { name: uniqueName('Phone two'), phone: '13800138000' });
    expect(second.status).toBe(400);
    expect(second.body.error.fields.phone[0]).toMatch(/^Already used by PRD-\d{6} “Phone one/);
    const other = await admin.post(`/api/records/${key}`, { name: uniqueName('Phone three'), phone: '0086 138 0013 8001' });
    expect(other.status).toBe(201);
    expect((await admin.patch(`/api/records/${key}/${other.body.id}`, { phone: '138 0013 8000' })).status).toBe(400);
  });

  it('claims again under the new comparison what older versions claimed (migration 0004)', async () => {
    const made = await admin.post(`/api/records/${key}`, { name: 'Old  Style  Co', phone: '+86 139 0000 0001' });
    expect(made.status).toBe(201);
    const claims = await collection('uniqueValues');
    // As the previous comparison stored them: lower case, single spaces, "+" kept.
    await claims.deleteMany({ entity: key, recordId: made.body.id });
    await claims.insertMany([
      { _id: `${key}|name|old style co`, entity: key, field: 'name', recordId: made.body.id, at: new Date() },
      { _id: `${key}|phone|+8613900000001`, entity: key, field: 'phone', recordId: made.body.id, at: new Date() },
    ]);
    expect((await admin.post(`/api/records/${key}`, { name: 'oldstyleco' })).status).toBe(201); // the old key let it through
    const def = (await collection('entities')).findOne({ _id: key });
    const shared = await rebuildUniqueClaims(await database(), (await def)!);
    expect(shared).toEqual([expect.stringMatching(/^name: [0-9a-f]{24} \(oldstyleco\)$/)]);
    const mine = await claims.find({ entity: key, recordId: made.body.id }).toArray();
    expect(mine.map((claim) => claim._id).sort()).toEqual([`${key}|name|oldstyleco`, `${key}|phone|13900000001`]);
    expect((await admin.post(`/api/records/${key}`, { name: uniqueName('Another'), phone: '13900000001' })).status).toBe(400);
    expect((await admin.post(`/api/records/${key}`, { name: 'OLD STYLE CO' })).status).toBe(400);
  });
});
