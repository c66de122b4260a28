import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { adminTokenClient, eventually, uniqueName, type ApiClient } from '../support/http';

let api: ApiClient;

beforeAll(async () => {
  api = await adminTokenClient();
});
afterAll(closeMongo);

describe('creating a customer through the API', () => {
  it('stores it and the worker creates its follow-up task due in two days', async () => {
    const name = uniqueName('Acme 上海');
    const created = await api.post('/api/records/customer', { name, email: 'buyer@acme.cn', phone: '+86 21 5555 0000', source: 'referral' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name, email: 'buyer@acme.cn', phone: '+86 21 5555 0000', source: 'referral', status: 'potential' });
    expect(created.body.data.code).toMatch(/^CUS-\d{6}$/);
    const customerId = created.body.id;

    const tasks = await eventually(async () => {
      const filter = JSON.stringify({ match: 'all', conditions: [{ field: 'customer', op: 'anyOf', value: [customerId] }] });
      const page = await api.get(`/api/records/task?filter=${encodeURIComponent(filter)}`);
      return page.body.items.length > 0 ? page.body.items : undefined;
    }, 'the follow-up task');
    expect(tasks).toHaveLength(1);
    const [task] = tasks;
    expect(task.data.title).toBe(`跟进客户 Follow up: ${name}`);
    expect(task.data.status).toBe('open');
    expect(task.ownerId).toBe(created.body.ownerId);
    expect(task.refs.customer).toEqual([{ id: customerId, name }]);
    const due = new Date(Date.now() + 2 * 24 * 3600_000).toISOString().slice(0, 10);
    expect(task.data.dueDate).toBe(due);

    // The task is written a moment before the run is marked succeeded.
    const runs = await eventually(async () => {
      const answer = await api.get(`/api/workflow-runs?recordId=${customerId}`);
      return answer.body.items[0]?.status === 'running' ? undefined : answer;
    }, 'the follow-up run to finish');
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({ workflowKey: 'customer-follow-up', status: 'succeeded', attempts: 1, error: null });
    expect(runs.body.items[0].output['follow-up-task']).toBe(task.id);

    const history = await (await collection('auditLog')).find({ entity: 'customer', recordId: customerId }).toArray();
    expect(history.map((entry) => entry.action)).toEqual(['create']);
  });

  it('answers invalid input with 400 and field errors, and writes nothing', async () => {
    const name = uniqueName('Invalid');
    const response = await api.post('/api/records/customer', { name, email: 'not-an-email', source: 'tv', extra: 1 });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.fields).toEqual({
      email: ['Enter a valid email address, like name@example.com.'],
      source: ['Choose one of the listed options.'],
      extra: ['Unknown field "extra".'],
    });
    expect(await (await recordCollection('customer')).countDocuments({ name })).toBe(0);

    const zh = await api.withLocale('zh-CN').post('/api/records/customer', { email: 'x' });
    expect(zh.body.error.fields.name).toEqual(['此项为必填项。']);
  });

  it('never lets input become a query operator', async () => {
    const operator = await api.post('/api/records/customer', { name: { $gt: '' } });
    expect(operator.status).toBe(400);
    expect(operator.body.error.fields.name).toEqual(['Must be a string.']);
    const notJson = await api.request('POST', '/api/records/customer', '{"name": ');
    expect(notJson.status).toBe(400);
    const array = await api.post('/api/records/customer', [{ name: 'x' }]);
    expect(array.status).toBe(400);
    const operatorFilter = JSON.stringify({ match: 'all', conditions: [{ field: 'title', op: '$where', value: '1' }] });
    expect((await api.get(`/api/records/task?filter=${encodeURIComponent(operatorFilter)}`)).status).toBe(400);
    const valueFilter = JSON.stringify({ match: 'all', conditions: [{ field: 'title', op: 'eq', value: { $ne: null } }] });
    expect((await api.get(`/api/records/task?filter=${encodeURIComponent(valueFilter)}`)).status).toBe(400);
    expect((await api.get('/api/records/task?filter=%7Bnot-json')).status).toBe(400);
  });

  it('checks that relations point at existing records', async () => {
    const response = await api.post('/api/records/task', { title: 'Orphan', status: 'open', customer: new ObjectId().toHexString() });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual({ customer: ['Choose an existing record.'] });
  });
});

describe('listing records', () => {
  const prefix = uniqueName('List');
  beforeAll(async () => {
    for (const [index, source] of ['website', 'website', 'exhibition'].entries()) {
      const response = await api.post('/api/records/customer', { name: `${prefix} ${index} (a.*b)`, source });
      expect(response.status).toBe(201);
    }
  });

  it('searches text fields literally, case-insensitively', async () => {
    const hit = await api.get(`/api/records/customer?q=${encodeURIComponent(`${prefix.toUpperCase()} 1 (A.*B)`)}`);
    expect(hit.body.items.map((item: any) => item.data.name)).toEqual([`${prefix} 1 (a.*b)`]);
    const pattern = await api.get(`/api/records/customer?q=${encodeURIComponent(`${prefix} .*`)}`);
    expect(pattern.body.total).toBe(0);
  });

  it('sorts, pages and caps the page size', async () => {
    const q = encodeURIComponent(prefix);
    const asc = await api.get(`/api/records/customer?q=${q}&sort=name:asc&pageSize=2&page=1`);
    expect(asc.body.total).toBe(3);
    expect(asc.body.items.map((item: any) => item.data.name)).toEqual([`${prefix} 0 (a.*b)`, `${prefix} 1 (a.*b)`]);
    const second = await api.get(`/api/records/customer?q=${q}&sort=name:asc&pageSize=2&page=2`);
    expect(second.body.items.map((item: any) => item.data.name)).toEqual([`${prefix} 2 (a.*b)`]);
    const huge = await api.get(`/api/records/customer?pageSize=100000`);
    expect(huge.body.pageSize).toBe(200);
    const unknownSort = await api.get('/api/records/customer?sort=password');
    expect(unknownSort.status).toBe(400);
  });

  it('counts records per value for the dashboard widget, by option label', async () => {
    const customers = await recordCollection('customer');
    const expected = {
      website: await customers.countDocuments({ source: 'website', _deletedAt: { $exists: false } }),
      exhibition: await customers.countDocuments({ source: 'exhibition', _deletedAt: { $exists: false } }),
    };
    const widget = await api.get('/api/dashboards/sales-overview/widgets/customers-by-source');
    expect(widget.status).toBe(200);
    const { dimensions, rows } = widget.body.result;
    const count = (key: string) => rows.find((row: { at: number[] }) => dimensions[0].values[row.at[0]].key === key).cells[0].value;
    expect(count('website')).toBe(expected.website);
    expect(count('exhibition')).toBe(expected.exhibition);
    expect(dimensions[0].values.find((value: { key: string }) => value.key === 'website').label).toBe('Website');
  });
});

describe('updating and deleting', () => {
  it('replaces with PUT, merges with PATCH, refuses stale versions, records history', async () => {
    const created = await api.post('/api/records/customer', { name: uniqueName('Edit'), email: 'a@b.cn', notes: 'first' });
    const id = created.body.id;
    const partial = await api.put(`/api/records/customer/${id}`, { name: 'Renamed' }, { 'if-match': '1' });
    expect(partial.body.error.fields).toEqual({ status: ['This field is required.'] });
    const put = await api.put(`/api/records/customer/${id}`, { name: 'Renamed', status: 'potential' }, { 'if-match': '1' });
    expect(put.status).toBe(200);
    expect(put.body.data).toEqual({ name: 'Renamed', status: 'potential', code: created.body.data.code });
    expect(put.body.version).toBe(2);

    const stale = await api.put(`/api/records/customer/${id}`, { name: 'Lost update' }, { 'if-match': '1' });
    expect(stale.status).toBe(409);

    const patch = await api.patch(`/api/records/customer/${id}`, { phone: '010-12345678', name: null });
    expect(patch.status).toBe(400);
    expect(patch.body.error.fields).toEqual({ name: ['This field is required.'] });
    const patched = await api.patch(`/api/records/customer/${id}`, { phone: '010-12345678' });
    expect(patched.body.data).toEqual({ name: 'Renamed', status: 'potential', code: created.body.data.code, phone: '010-12345678' });

    expect((await api.delete(`/api/records/customer/${id}`)).status).toBe(204);
    expect((await api.get(`/api/records/customer/${id}`)).body.deletedAt).toBeTruthy();
    const history = await (await collection('auditLog')).find({ entity: 'customer', recordId: id }).sort({ at: 1 }).toArray();
    expect(history.map((entry) => entry.action)).toEqual(['create', 'update', 'update', 'delete']);
    expect(history[1].before).toMatchObject({ notes: 'first' });
    expect(history[1].after).toEqual({ name: 'Renamed', status: 'potential', code: created.body.data.code });
  });
});
