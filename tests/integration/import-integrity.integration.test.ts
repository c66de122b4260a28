import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { adminTokenClient, eventually, type ApiClient } from '../support/http';

/** Products keyed by a unique code, as a price list is imported again and again. */
const suffix = Date.now().toString(36);
const key = `it_imp_product_${suffix}`;
const label = (en: string, zh = en) => ({ 'zh-CN': zh, en });
const def: EntityDefinition = {
  key,
  version: 0,
  label: label('Product', '产品'),
  displayField: 'name',
  fields: [
    { key: 'code', type: 'text', label: label('Code', '编码'), unique: true, required: true },
    { key: 'name', type: 'text', label: label('Name', '名称'), required: true },
    { key: 'price', type: 'money', currency: 'USD', scale: 4, label: label('Price', '价格') },
  ],
  listView: { columns: ['code', 'name'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

let api: ApiClient;

beforeAll(async () => {
  api = await adminTokenClient();
  expect((await api.put(`/api/entities/${key}/draft`, def)).status).toBe(200);
  const published = await api.post(`/api/entities/${key}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(200);
});
afterAll(closeMongo);

async function importCsv(csv: string, dedupe: { fields: string[]; mode: 'skip' | 'update' }) {
  const form = new FormData();
  form.append('file', new Blob([csv]), 'products.csv');
  const response = await api.raw('POST', `/api/imports/${key}`, form);
  const imported = (await response.json()) as any;
  expect(response.status, JSON.stringify(imported)).toBe(201);
  expect((await api.patch(`/api/imports/${imported.id}`, { mapping: ['code', 'name', 'price'], dedupe })).status).toBe(200);
  return imported.id as string;
}

async function waitFor(id: string, status: string) {
  return eventually(async () => {
    const { body } = await api.get(`/api/imports/${id}`);
    if (body.status === 'failed') throw new Error(body.error);
    return body.status === status ? body : undefined;
  }, `import ${status}`, 60_000);
}

const total = (counts: Record<string, number>) => counts.created + counts.updated + (counts.unchanged ?? 0) + counts.skipped + counts.failed;

describe('importing a price list again', () => {
  it('creates the products the first time', async () => {
    const id = await importCsv('Code,Name,Price\nP-1,Chair,22.3680\nP-2,Desk,149.99\nP-3,Lamp,9.5\n', { fields: ['code'], mode: 'update' });
    expect((await api.post(`/api/imports/${id}/run`, {})).status).toBe(202);
    expect((await waitFor(id, 'done')).counts).toMatchObject({ created: 3, failed: 0 });
  });

  it('counts rows that hold nothing new as unchanged and writes no version for them', async () => {
    const entries = async () => (await collection('auditLog')).countDocuments({ entity: key });
    const before = await entries();
    const id = await importCsv('Code,Name,Price\nP-1,Chair,22.368\nP-2,Desk,149.99\nP-3,Lamp,9.75\n', { fields: ['code'], mode: 'update' });
    expect((await api.post(`/api/imports/${id}/validate`, {})).status).toBe(202);
    expect((await waitFor(id, 'validated')).preview).toMatchObject({ rows: 3, valid: 3, matchesExisting: 3, unchanged: 2 });
    expect((await api.post(`/api/imports/${id}/run`, {})).status).toBe(202);
    const done = await waitFor(id, 'done');
    expect(done.counts).toMatchObject({ created: 0, updated: 1, unchanged: 2, skipped: 0, failed: 0 });
    expect(total(done.counts)).toBe(3);
    expect(await entries()).toBe(before + 1); // only the lamp's new price
  });

  it('reports skipped duplicates whose values differ, in the preview and in a file to download', async () => {
    const id = await importCsv('Code,Name,Price\nP-1,Chair,22.368\nP-2,Writing desk,149.99\nP-4,Shelf,30\nP-4,Bookshelf,30\n', { fields: ['code'], mode: 'skip' });
    expect((await api.post(`/api/imports/${id}/validate`, {})).status).toBe(202);
    const validated = await waitFor(id, 'validated');
    expect(validated.preview).toMatchObject({ rows: 4, valid: 4, matchesExisting: 2, duplicatesInFile: 1, conflicts: 2 });
    expect(validated.preview.conflictSamples).toEqual([
      { row: 3, field: 'name', value: 'Writing desk', existing: 'Desk', target: 'Desk' },
      { row: 5, field: 'name', value: 'Bookshelf', existing: 'Shelf', target: 'row 4' },
    ]);
    expect((await api.post(`/api/imports/${id}/run`, {})).status).toBe(202);
    const done = await waitFor(id, 'done');
    expect(done.counts).toMatchObject({ created: 1, updated: 0, unchanged: 0, skipped: 3, failed: 0, conflicts: 2 });
    expect(total(done.counts)).toBe(4);
    const response = await api.raw('GET', `/api/imports/${id}/conflicts?format=csv`);
    expect(response.status).toBe(200);
    const rows = Papa.parse<string[]>((await response.text()).replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
    expect(rows).toEqual([
      ['Code', 'Name', 'Price', 'row', 'error'],
      ['P-2', 'Writing desk', '149.99', '3', 'Name: “Writing desk” in the file, “Desk” in Desk'],
      ['P-4', 'Bookshelf', '30', '5', 'Name: “Bookshelf” in the file, “Shelf” in row 4'],
    ]);
  });
});
