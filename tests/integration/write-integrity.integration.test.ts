import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { getEntity } from '@/lib/entities/entity.service';
import { historyEntry } from '@/lib/records/record.history';
import { recoverCreates } from '@/lib/records/record.write';
import type { RecordDoc } from '@/lib/records/record.types';
import { adminTokenClient, eventually, uniqueName, type ApiClient } from '../support/http';

let api: ApiClient;
let adminId: string;

beforeAll(async () => {
  api = await adminTokenClient();
  adminId = (await api.get('/api/me')).body.user.id;
});
afterAll(closeMongo);

const hourAgo = () => new Date(Date.now() - 3600_000);

async function followUpTasks(customerId: string) {
  return (await recordCollection('task')).find({ customer: customerId }).toArray();
}

describe('a retried create with an Idempotency-Key', () => {
  it('answers with the first record instead of creating a second or failing as a duplicate', async () => {
    const name = uniqueName('Idempotent');
    const key = `create-${name.replace(/\s+/g, "-")}`;
    const first = await api.post('/api/records/customer', { name }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await api.post('/api/records/customer', { name }, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await (await recordCollection('customer')).countDocuments({ name })).toBe(1);
    const other = await api.post('/api/records/customer', { name: `${name} (changed)` }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    const bad = await api.post('/api/records/customer', { name }, { 'idempotency-key': 'has space' });
    expect(bad.status).toBe(400);
  });
});

describe('a create whose process died halfway', () => {
  async function halfMade(storeRecord: boolean) {
    const def = await getEntity('customer');
    const at = hourAgo();
    const doc: RecordDoc = { _id: new ObjectId(), name: uniqueName('Half made'), status: 'potential', _ownerId: adminId, _createdAt: at, _createdBy: adminId, _updatedAt: at, _updatedBy: adminId, _version: 1 };
    await (await collection('writeIntents')).insertOne({ _id: `customer:${doc._id.toHexString()}`, entity: 'customer', kind: 'create', doc, actorId: adminId, triggerWorkflows: true, ownRollups: false, at });
    if (storeRecord) await (await recordCollection('customer')).insertOne(doc);
    return { def, doc };
  }

  it.each([
    ['after storing the record (no number, no history, no workflow run)', true],
    ['after recording its intent, before storing the record', false],
  ])('is completed by the recovery sweep %s', async (_when, storeRecord) => {
    const { doc } = await halfMade(storeRecord);
    const id = doc._id.toHexString();
    await recoverCreates(getEntity); // the scratch app's worker may sweep it first: either way it completes once
    const stored = await (await recordCollection('customer')).findOne({ _id: doc._id });
    expect(stored?.code).toMatch(/^CUS-\d{6}$/);
    const history = await (await collection('auditLog')).find({ entity: 'customer', recordId: id }).toArray();
    expect(history.map((entry) => [entry.version, entry.action, entry.after?.code])).toEqual([[1, 'create', stored?.code]]);
    expect(await (await collection('writeIntents')).countDocuments({ _id: `customer:${id}` })).toBe(0);
    const tasks = await eventually(async () => ((await followUpTasks(id)).length > 0 ? followUpTasks(id) : undefined), 'the follow-up task');
    expect(tasks).toHaveLength(1);
    // A second sweep changes nothing: one number, one history entry, one task.
    await (await collection('writeIntents')).insertOne({ _id: `customer:${id}`, entity: 'customer', kind: 'create', doc, actorId: adminId, triggerWorkflows: true, ownRollups: false, at: hourAgo() });
    await recoverCreates(getEntity);
    expect((await (await recordCollection('customer')).findOne({ _id: doc._id }))?.code).toBe(stored?.code);
    expect(await (await collection('auditLog')).countDocuments({ entity: 'customer', recordId: id })).toBe(1);
    expect(await (await collection('autoNumbers')).countDocuments({ entity: 'customer', recordId: id })).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await followUpTasks(id)).toHaveLength(1);
  });
});

describe('an update whose process died between its history entry and the record', () => {
  it('is rolled forward by the next write, which then goes on from the new version', async () => {
    const created = await api.post('/api/records/customer', { name: uniqueName('Stuck'), level: 'A' });
    const id = new ObjectId(created.body.id as string);
    const before = await (await recordCollection('customer')).findOne({ _id: id });
    const { _id, _ownerId, _createdAt, _createdBy, _updatedAt, _updatedBy, _version, ...data } = before!;
    await (await collection('auditLog')).insertOne(
      historyEntry({ entity: 'customer', recordId: id, version: 2, action: 'update', actorId: adminId, at: hourAgo(), before: data, after: { ...data, level: 'B' } }),
    );
    const blocked = await api.patch(`/api/records/customer/${created.body.id}`, { notes: 'first try' });
    expect(blocked.status).toBe(409);
    const now = await api.get(`/api/records/customer/${created.body.id}`);
    expect(now.body).toMatchObject({ version: 2, data: { level: 'B' } });
    const retried = await api.patch(`/api/records/customer/${created.body.id}`, { notes: 'second try' }, { 'if-match': '2' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ version: 3, data: { level: 'B', notes: 'second try' } });
  });
});

describe('health', () => {
  it('answers 200 naming each check when the database, Redis and a worker answer', async () => {
    const health = await api.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', down: [], checks: { database: { ok: true }, redis: { ok: true }, worker: { ok: true } } });
  });
});
