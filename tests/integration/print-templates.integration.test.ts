import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeMongo } from '@/lib/db/mongo';
import { collection } from '@/lib/db/collections';
import { adminTokenClient, sessionClient, uniqueName, type ApiClient } from '../support/http';

/**
 * Print templates through the running app: the sales pack's quotation of an order, templates
 * checked completely when designed, and who may print and design them (lib/permissions).
 */

let admin: ApiClient;
let staff: ApiClient;
const suffix = Date.now().toString(36);
const NOTE = `it_print_note_${suffix}`;
const label = (en: string, zh = en) => ({ 'zh-CN': zh, en });

const slip = { key: 'slip', label: label('Slip', '便条'), title: label('Delivery slip', '送货便条'), fields: ['name', 'amount'], totals: ['amount'], signatures: [label('Received by', '签收')] };

beforeAll(async () => {
  admin = await adminTokenClient();
  const email = `print-staff-${suffix}@test.local`;
  const created = await admin.post('/api/users', { email, name: 'Print staff', roles: ['staff'], password: 'correct horse battery' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  staff = await sessionClient(email, 'correct horse battery');
  // An entity of this test's own: a field only admins see, and a layout that prints it.
  const definition = {
    key: NOTE,
    version: 0,
    label: label('Note', '便签'),
    displayField: 'name',
    fields: [
      { key: 'name', type: 'text', label: label('Name', '名称'), required: true },
      { key: 'amount', type: 'money', currency: 'CNY', label: label('Amount', '金额') },
      { key: 'secret', type: 'text', label: label('Secret', '机密'), visibleTo: ['admin'] },
    ],
    listView: { columns: ['name'], sort: [], pageSize: 20 },
    printTemplates: [{ ...slip, fields: ['name', 'secret', 'amount'] }],
  };
  expect((await admin.put(`/api/entities/${NOTE}/draft`, definition)).body.problems).toEqual([]);
  expect((await admin.post(`/api/entities/${NOTE}/publish`, {})).status).toBe(200);
});
afterAll(closeMongo);

async function create(client: ApiClient, entity: string, data: Record<string, unknown>) {
  const response = await client.post(`/api/records/${entity}`, data);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; data: Record<string, any> };
}

describe('printing an order with the sales pack\'s quotation', () => {
  it('lays out the header, the lines, totals in the currency and the signature lines, in the reader\'s language', async () => {
    const sku = uniqueName('PRN').replace(/\s/g, '-');
    const product = await create(admin, 'product', { sku, name: `Relay ${sku}`, unit: 'pcs', listPrice: 80_00 });
    const warehouse = await create(admin, 'warehouse', { code: uniqueName('WH').replace(/\s/g, ''), name: uniqueName('Print warehouse') });
    const customer = await create(admin, 'customer', { name: uniqueName('Print customer') });
    const order = await create(admin, 'order', { customer: customer.id, warehouse: warehouse.id, lines: [{ product: product.id, quantity: 3, unitPrice: 80_00 }, { product: product.id, quantity: 1, unitPrice: 1_000_00, discount: 10 }] });

    const en = await admin.get(`/api/records/order/${order.id}/print/quotation`);
    expect(en.status, JSON.stringify(en.body)).toBe(200);
    expect(en.body).toMatchObject({ title: 'Quotation', company: 'Salesflow Demo Co., Ltd.', number: { key: 'orderNo', value: order.data.orderNo }, signatures: ['Accepted by the customer', 'Sales representative'] });
    expect(en.body.fields.map((field: any) => [field.key, field.value])).toEqual([['customer', customer.data.name], ['contact', ''], ['owner', expect.any(String)]]);
    expect(en.body.table.columns.map((column: any) => [column.key, column.numeric])).toEqual([['product', false], ['quantity', true], ['unitPrice', true], ['discount', true], ['amount', true]]);
    expect(en.body.table.rows).toEqual([
      [product.data.name, '3.00', 'CN¥80.00', '', 'CN¥240.00'],
      [product.data.name, '1.00', 'CN¥1,000.00', '10.00%', 'CN¥900.00'],
    ]);
    expect(en.body.totals.map((total: any) => [total.key, total.value])).toEqual([['subtotal', 'CN¥1,240.00'], ['discountTotal', 'CN¥100.00'], ['total', 'CN¥1,140.00']]);

    const zh = await admin.withLocale('zh-CN').get(`/api/records/order/${order.id}/print/sales-order`);
    expect(zh.body).toMatchObject({ title: '销售订单', template: { key: 'sales-order', label: '销售订单' } });
    expect(zh.body.totals.find((total: any) => total.key === 'total')).toMatchObject({ label: '订单总额', value: '¥1,140.00' });

    const missing = await admin.get(`/api/records/order/${order.id}/print/invoice`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('There is no print layout “invoice”.');
  });
});

describe('designing a print template', () => {
  it('refuses a field that does not exist, naming it, and stores nothing', async () => {
    const before = (await admin.get(`/api/entities/${NOTE}`)).body.version;
    const bad = await admin.put(`/api/entities/${NOTE}/print-templates/slip`, { ...slip, fields: ['name', 'colour'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems).toEqual(['print template "slip": "colour" is not a field that can be printed']);
    const zh = await admin.withLocale('zh-CN').put(`/api/entities/${NOTE}/print-templates/slip`, { ...slip, table: { field: 'name', columns: ['x'] } });
    expect(zh.status).toBe(400);
    expect(zh.body.error.problems).toEqual(['print template "slip": the table must name a sub-table field']);
    const wrongKey = await admin.put(`/api/entities/${NOTE}/print-templates/other`, slip);
    expect(wrongKey.status).toBe(400);
    const record = await create(admin, NOTE, { name: 'Preview me' });
    const preview = await admin.post(`/api/entities/${NOTE}/print-preview`, { recordId: record.id, template: { ...slip, totals: ['name'] } });
    expect(preview.status).toBe(400);
    expect(preview.body.error.problems).toEqual(['print template "slip": total "name" is not a number or money field']);
    expect((await admin.get(`/api/entities/${NOTE}`)).body.version).toBe(before);
  });

  it('saves a template as the entity\'s next version, kept among its versions, and prints with it', async () => {
    const record = await create(admin, NOTE, { name: 'Versioned', amount: 12_345_60 });
    const saved = await admin.put(`/api/entities/${NOTE}/print-templates/slip`, { ...slip, footer: label('Thank you', '谢谢') });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const version = saved.body.version;
    expect(await (await collection('entityVersions')).countDocuments({ _id: `${NOTE}@${version}` })).toBe(1);
    const printed = await admin.get(`/api/records/${NOTE}/${record.id}/print/slip`);
    expect(printed.body).toMatchObject({ footer: 'Thank you', totals: [{ key: 'amount', value: 'CN¥12,345.60', numeric: true }] });
    const removed = await admin.delete(`/api/entities/${NOTE}/print-templates/slip`);
    expect(removed.status).toBe(200);
    expect((await admin.get(`/api/records/${NOTE}/${record.id}/print/slip`)).status).toBe(404);
    expect((await admin.put(`/api/entities/${NOTE}/print-templates/slip`, { ...slip, fields: ['name', 'secret', 'amount'] })).status).toBe(200);
  });
});

describe('who may print and design', () => {
  it('prints for readers of the record, without the fields their mask hides', async () => {
    const record = await create(admin, NOTE, { name: 'Masked', secret: 'only admins', amount: 1_00 });
    const mine = await admin.get(`/api/records/${NOTE}/${record.id}/print/slip`);
    expect(mine.body.fields.map((field: any) => field.key)).toEqual(['name', 'secret', 'amount']);
    const theirs = await staff.get(`/api/records/${NOTE}/${record.id}/print/slip`);
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(200);
    expect(theirs.body.fields.map((field: any) => field.key)).toEqual(['name', 'amount']);
    expect(JSON.stringify(theirs.body)).not.toContain('only admins');
  });

  it('lets only designers change templates or preview drafts', async () => {
    const record = await create(admin, NOTE, { name: 'Not theirs to design' });
    expect((await staff.put(`/api/entities/${NOTE}/print-templates/slip`, slip)).status).toBe(403);
    expect((await staff.delete(`/api/entities/${NOTE}/print-templates/slip`)).status).toBe(403);
    expect((await staff.post(`/api/entities/${NOTE}/print-preview`, { recordId: record.id, template: slip })).status).toBe(403);
  });
});
