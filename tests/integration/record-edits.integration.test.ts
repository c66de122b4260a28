import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { adminTokenClient, uniqueName, type ApiClient } from '../support/http';

let api: ApiClient;

beforeAll(async () => {
  api = await adminTokenClient();
});
afterAll(closeMongo);

async function history(entity: string, recordId: string) {
  return (await collection('auditLog')).find({ entity, recordId }).sort({ version: 1 }).toArray();
}

describe('an edit writes only what changed', () => {
  it('changes the notes of an API-created customer and nothing else', async () => {
    const created = await api.post('/api/records/customer', { name: uniqueName('Edit only notes') });
    expect(created.status).toBe(201);
    // Nobody chose a level, industry, source or region: none is stored.
    for (const key of ['level', 'industry', 'source', 'region']) expect(created.body.data[key]).toBeUndefined();
    const edited = await api.patch(`/api/records/customer/${created.body.id}`, { notes: 'called back' }, { 'if-match': String(created.body.version) });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(2);
    const [, update] = await history('customer', created.body.id);
    const changed = Object.keys({ ...update.before, ...update.after }).filter((key) => JSON.stringify(update.before?.[key]) !== JSON.stringify(update.after?.[key]));
    expect(changed).toEqual(['notes']);
  });

  it('writes no version when nothing changes', async () => {
    const created = await api.post('/api/records/customer', { name: uniqueName('No change'), level: 'B' });
    const same = await api.patch(`/api/records/customer/${created.body.id}`, { level: 'B', name: created.body.data.name });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    expect((await history('customer', created.body.id)).map((entry) => entry.action)).toEqual(['create']);
  });

  it('clears an optional select with null', async () => {
    const created = await api.post('/api/records/customer', { name: uniqueName('Clear level'), level: 'A' });
    const cleared = await api.patch(`/api/records/customer/${created.body.id}`, { level: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data.level).toBeUndefined();
  });
});
