import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database, closeMongo } from '@/lib/db/mongo';
import { recordCollection } from '@/lib/db/collections';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { computeRollup } from '@/lib/records/rollup.compute';
import { adminTokenClient, eventually, type ApiClient } from '../support/http';

const suffix = Date.now().toString(36);
const key = `it_num_${suffix}`;
const label = (en: string, zh = en) => ({ 'zh-CN': zh, en });
const def: EntityDefinition = {
  key,
  version: 0,
  label: label('Line', '明细'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name', '名称'), required: true },
    { key: 'weight', type: 'number', label: label('Weight', '重量') },
    { key: 'qty', type: 'number', precision: 2, label: label('Quantity', '数量') },
    { key: 'unitPrice', type: 'money', currency: 'USD', scale: 4, label: label('Unit price', '单价') },
    { key: 'amount', type: 'money', currency: 'CNY', label: label('Amount', '金额') },
    { key: 'total', type: 'formula', label: label('Total', '合计'), formula: { expression: 'qty * unitPrice', result: 'money', currency: 'USD', scale: 4 } },
  ],
  listView: { columns: ['name', 'weight'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

let api: ApiClient;

beforeAll(async () => {
  api = await adminTokenClient();
  expect((await api.put(`/api/entities/${key}/draft`, def)).status).toBe(200);
  const published = await api.post(`/api/entities/${key}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(200);
});
afterAll(closeMongo);

describe('numbers are kept as typed', () => {
  it('stores 0.2, 0.45, 0.5 and 0.8 of a number without precision as they are', async () => {
    for (const weight of [0.2, 0.45, 0.5, 0.8]) {
      const created = await api.post(`/api/records/${key}`, { name: `w${weight}`, weight });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.data.weight).toBe(weight);
    }
    const typed = await api.post(`/api/records/${key}`, { name: 'typed', weight: '0.2' });
    expect(typed.body.data.weight).toBe(0.2);
  });

  it('refuses more decimals than the field keeps, naming the field and the limit, in both languages', async () => {
    const refused = await api.post(`/api/records/${key}`, { name: 'too fine', qty: 1.255 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual({ qty: ['Keeps at most 2 decimal places; a value with more is refused, not rounded.'] });
    const zh = await api.withLocale('zh-CN').post(`/api/records/${key}`, { name: 'too fine', qty: '1.255' });
    expect(zh.body.error.fields.qty[0]).toContain('最多保留 2 位小数');
  });

  it('keeps 4-decimal unit prices and computes their totals exactly', async () => {
    const created = await api.post(`/api/records/${key}`, { name: 'price', qty: 3, unitPrice: '22.3681' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.unitPrice).toBe(223681);
    expect(created.body.data.total).toBe(671043); // 67.1043 USD
    const refused = await api.post(`/api/records/${key}`, { name: 'price', unitPrice: '22.36811' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.unitPrice).toEqual(['Enter an amount with at most 4 decimals, like 1234.50.']);
    const cny = await api.post(`/api/records/${key}`, { name: 'cny', amount: '12.345' });
    expect(cny.body.error.fields.amount).toEqual(['Enter an amount with at most 2 decimals, like 1234.50.']);
  });
});

describe('imports keep numbers as typed', () => {
  async function importCsv(csv: string) {
    const form = new FormData();
    form.append('file', new Blob([csv]), 'lines.csv');
    const response = await api.raw('POST', `/api/imports/${key}`, form);
    const imported = (await response.json()) as any;
    expect(response.status, JSON.stringify(imported)).toBe(201);
    expect((await api.post(`/api/imports/${imported.id}/validate`, {})).status).toBe(202);
    const validated = await eventually(async () => {
      const { body } = await api.get(`/api/imports/${imported.id}`);
      return body.status === 'validated' ? body : undefined;
    }, 'the validation', 60_000);
    return { id: imported.id as string, validated };
  }

  it('imports 0.2/0.45/0.5/0.8 exactly and 4-decimal prices, and refuses a third decimal of a 2-decimal quantity with a reason', async () => {
    const csv = 'Name,Weight,Quantity,Unit price\nimp-a,0.2,1,22.3680\nimp-b,0.45,2.5,0.0001\nimp-c,0.5,3,1.5\nimp-d,0.8,4,9.9999\nimp-e,1,1.255,1\n';
    const { id, validated } = await importCsv(csv);
    expect(validated.preview).toMatchObject({ rows: 5, valid: 4, invalid: 1 });
    expect(validated.preview.problems).toEqual([
      { row: 6, column: 'Quantity', field: 'qty', message: 'Quantity: "1.255" has more decimals than “Quantity” keeps (at most 2); nothing was rounded.' },
    ]);
    expect((await api.post(`/api/imports/${id}/run`, {})).status).toBe(202);
    await eventually(async () => ((await api.get(`/api/imports/${id}`)).body.status === 'done' ? true : undefined), 'the import', 60_000);
    const stored = await (await recordCollection(key)).find({ name: { $in: ['imp-a', 'imp-b', 'imp-c', 'imp-d'] } }).sort({ name: 1 }).toArray();
    expect(stored.map((doc) => [doc.weight, doc.qty, doc.unitPrice])).toEqual([
      [0.2, 1, 223680],
      [0.45, 2.5, 1],
      [0.5, 3, 15000],
      [0.8, 4, 99999],
    ]);
  });
});

describe('rollups sum exactly and round once', () => {
  it('sums 10 × 105,581.94 + 105,581.945 as 1,161,401.345, not the float 1,161,401.3449999997', async () => {
    const source = `it_rollup_src_${suffix}`;
    const values = [...Array(10).fill(105581.94), 105581.945];
    expect(values.reduce((sum, value) => sum + value, 0)).toBe(1161401.3449999997); // what the database's $sum gives
    await (await database()).collection(`rec_${source}`).insertMany(values.map((sales) => ({ region: 'east', sales })));
    const settings = { entity: source, match: { region: 'region' }, field: 'sales', fn: 'sum' as const };
    expect(await computeRollup({ ...settings, precision: 3 }, { region: 'east' })).toBe(1161401.345);
    expect(await computeRollup({ ...settings, precision: 2 }, { region: 'east' })).toBe(1161401.35);
    expect(await computeRollup({ ...settings, fn: 'max', precision: 3 }, { region: 'east' })).toBe(105581.945);
    expect(await computeRollup({ ...settings, fn: 'count' }, { region: 'east' })).toBe(11);
    await (await database()).collection(`rec_${source}`).drop();
  });
});
