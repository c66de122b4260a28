import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { closeMongo } from '@/lib/db/mongo';
import { collection, recordCollection } from '@/lib/db/collections';
import { installTemplate } from '@/lib/templates/template.installer';
import { demoRecordId } from '@/lib/templates/template.demo';
import { ApiClient, adminTokenClient, eventually, sessionClient, uniqueName } from '../support/http';
import { testActor } from '../support/actors';

/**
 * The sales-crm pack at work in the running app (installed by setup): order arithmetic, shipping
 * that takes stock out, lead conversion, a cost only managers see, status rules, targets.
 */

let admin: ApiClient;
let staff: ApiClient;
let staffId: string;

beforeAll(async () => {
  admin = await adminTokenClient();
  const email = `${uniqueName('sales-staff').replace(/\s/g, '-')}@test.local`;
  const created = await admin.post('/api/users', { email, name: 'Sales staff', roles: ['staff'], password: 'correct horse battery' });
  expect(created.status).toBe(201);
  staffId = created.body.id;
  staff = await sessionClient(email, 'correct horse battery');
});
afterAll(closeMongo);

async function create(client: ApiClient, entity: string, data: Record<string, unknown>) {
  const response = await client.post(`/api/records/${entity}`, data);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; data: Record<string, any> };
}

async function read(client: ApiClient, entity: string, id: string) {
  const response = await client.get(`/api/records/${entity}/${id}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { id: string; data: Record<string, any>; version: number };
}

async function list(entity: string, conditions: { field: string; op: string; value?: unknown }[]) {
  const filter = encodeURIComponent(JSON.stringify({ match: 'all', conditions }));
  const response = await admin.get(`/api/records/${entity}?filter=${filter}&pageSize=100`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as { id: string; data: Record<string, any> }[];
}

async function catalogue() {
  const sku = uniqueName('SKU').replace(/\s/g, '-');
  const product = await create(admin, 'product', { sku, name: `Servo ${sku}`, unit: 'pcs', listPrice: 2150_00, cost: 1380_00 });
  const warehouse = await create(admin, 'warehouse', { code: uniqueName('WH').replace(/\s/g, ''), name: uniqueName('Warehouse') });
  const customer = await create(admin, 'customer', { name: uniqueName('Order customer') });
  return { product: product.id, warehouse: warehouse.id, customer: customer.id };
}

async function stockOf(product: string, warehouse: string, expected: number) {
  return eventually(async () => {
    const rows = await list('stock', [{ field: 'product', op: 'anyOf', value: [product] }, { field: 'warehouse', op: 'anyOf', value: [warehouse] }]);
    return rows.length === 1 && rows[0].data.quantityOnHand === expected ? rows[0] : undefined;
  }, `stock of ${product} at ${warehouse} to be ${expected}`, 30_000);
}

describe('sales orders', () => {
  it('total three lines with discounts, an order discount and payments to the fen', async () => {
    const { product, warehouse, customer } = await catalogue();
    const order = await create(admin, 'order', {
      customer, warehouse,
      lines: [
        { product, quantity: 3, unitPrice: 199_99, discount: 10 },
        { product, quantity: 2.5, unitPrice: 80_00, discount: 12.5 },
        { product, quantity: 7, unitPrice: 13_33 },
      ],
      extraDiscount: 8_28,
      payments: [{ date: '2026-11-20', amount: 300_00, method: 'bank' }],
    });
    expect(order.data.orderNo).toMatch(/^SO-\d{6}-\d{4}$/);
    expect(order.data.status).toBe('draft');
    expect(order.data.lines.map((line: any) => line.amount)).toEqual([539_97, 175_00, 93_31]);
    expect(order.data).toMatchObject({ subtotal: 893_28, discountTotal: 93_28, total: 800_00, received: 300_00, balance: 500_00 });
  });

  it('refuses a status change the flow does not allow, naming both statuses', async () => {
    const { product, warehouse, customer } = await catalogue();
    const order = await create(admin, 'order', { customer, warehouse, lines: [{ product, quantity: 1, unitPrice: 100_00 }] });
    const skip = await admin.patch(`/api/records/order/${order.id}`, { status: 'paid' });
    expect(skip.status).toBe(400);
    expect(JSON.stringify(skip.body.error.fields.status)).toMatch(/Draft.*Paid|Paid.*Draft/);
    expect((await admin.patch(`/api/records/order/${order.id}`, { status: 'cancelled' })).status).toBe(200);
    expect((await admin.patch(`/api/records/order/${order.id}`, { status: 'draft' })).status).toBe(400);
  });

  it('takes the shipped quantities out of stock: one out-movement per line, on hand drops exactly', async () => {
    const { product, warehouse, customer } = await catalogue();
    const other = (await create(admin, 'product', { sku: uniqueName('SKU2').replace(/\s/g, '-'), name: 'Cable', unit: 'm', listPrice: 12_00 })).id;
    await create(admin, 'stock_movement', { type: 'in', product, warehouse, quantity: 100 });
    await create(admin, 'stock_movement', { type: 'in', product: other, warehouse, quantity: 40.5 });
    await create(admin, 'stock_movement', { type: 'adjustment', product, warehouse, quantity: -2 });
    await stockOf(product, warehouse, 98);
    await stockOf(other, warehouse, 40.5);

    const order = await create(admin, 'order', {
      customer, warehouse,
      lines: [{ product, quantity: 3, unitPrice: 2150_00 }, { product: other, quantity: 12.25, unitPrice: 12_00 }, { product, quantity: 4, unitPrice: 2000_00, discount: 5 }],
    });
    expect((await admin.patch(`/api/records/order/${order.id}`, { status: 'confirmed' })).status).toBe(200);
    // Confirming moves nothing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await list('stock_movement', [{ field: 'order', op: 'anyOf', value: [order.id] }])).toEqual([]);

    expect((await admin.patch(`/api/records/order/${order.id}`, { status: 'shipped' })).status).toBe(200);
    const movements = await eventually(async () => {
      const rows = await list('stock_movement', [{ field: 'order', op: 'anyOf', value: [order.id] }]);
      return rows.length === 3 ? rows : undefined;
    }, 'three out-movements');
    expect(movements.map((m) => [m.data.type, m.data.product, m.data.warehouse, m.data.signedQuantity]).sort()).toEqual(
      [['out', product, warehouse, -3], ['out', product, warehouse, -4], ['out', other, warehouse, -12.25]].sort(),
    );
    await stockOf(product, warehouse, 91);
    await stockOf(other, warehouse, 28.25);

    // Paid after shipping moves nothing more.
    expect((await admin.patch(`/api/records/order/${order.id}`, { status: 'paid' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await list('stock_movement', [{ field: 'order', op: 'anyOf', value: [order.id] }])).toHaveLength(3);
    await stockOf(product, warehouse, 91);
  });

  it('counts shipped and paid orders towards the owner\'s target of their month', async () => {
    const { product, warehouse, customer } = await catalogue();
    // An order's month is its order date's (a formula); the target names the month it counts.
    const month = '2027-06';
    const target = await create(admin, 'sales_target', { name: uniqueName('Target'), owner: staffId, month, target: 10_000_00 });
    const order = (amount: number, status?: string) =>
      create(staff, 'order', { customer, warehouse, orderDate: `${month}-15`, owner: staffId, lines: [{ product, quantity: 1, unitPrice: amount }], ...(status ? { status } : {}) });
    await order(3_000_00, 'shipped');
    await order(1_500_00, 'paid');
    await order(9_999_00); // a draft does not count
    await create(admin, 'order', { customer, warehouse, orderDate: '2027-07-01', owner: staffId, status: 'paid', lines: [{ product, quantity: 1, unitPrice: 7_00 }] });
    const done = await eventually(async () => {
      const record = await read(admin, 'sales_target', target.id);
      return record.data.achieved === 4_500_00 ? record : undefined;
    }, 'the target to reach 4,500.00');
    expect(done.data.completion).toBe(45);
  });
});

describe('leads', () => {
  it('convert from the lead page into a customer, a contact and an opportunity linked to each other', async () => {
    const company = uniqueName('杭州转化测试有限公司');
    const lead = await create(staff, 'lead', { name: '李晓燕', company, title: '采购经理', phone: '139 1234 5678', email: 'li@example.cn', source: 'exhibition', estimatedAmount: 88_000_00 });
    expect(lead.data).toMatchObject({ status: 'new', owner: staffId });

    const converted = await staff.post(`/api/records/lead/${lead.id}/actions/convert`, {});
    expect(converted.status, JSON.stringify(converted.body)).toBe(200);
    expect(converted.body.run).toMatchObject({ status: 'succeeded', error: null });
    expect(converted.body.open.entity).toBe('opportunity');

    const after = await read(staff, 'lead', lead.id);
    expect(after.data).toMatchObject({ status: 'converted' });
    const { customer, contact, opportunity } = after.data;
    expect(converted.body.open.id).toBe(opportunity);
    expect((await read(staff, 'customer', customer)).data).toMatchObject({ name: company, source: 'exhibition', status: 'potential', owner: staffId });
    expect((await read(staff, 'contact', contact)).data).toMatchObject({ customer, name: '李晓燕', title: '采购经理', email: 'li@example.cn', primary: true });
    expect((await read(staff, 'opportunity', opportunity)).data).toMatchObject({ customer, contact, stage: 'qualification', amount: 88_000_00, probability: 10, weightedAmount: 8_800_00 });

    // Converted is final: converting again makes nothing new and the status cannot go back.
    const again = await staff.post(`/api/records/lead/${lead.id}/actions/convert`, {});
    expect(again.status === 200 ? again.body.run.status : 'refused').not.toBe('succeeded');
    expect((await staff.patch(`/api/records/lead/${lead.id}`, { status: 'new' })).status).toBe(400);
    expect(await list('customer', [{ field: 'name', op: 'eq', value: company }])).toHaveLength(1);
  });
});

describe('products', () => {
  it('show the cost to admins and managers, never to staff', async () => {
    const sku = uniqueName('COST').replace(/\s/g, '-');
    const product = await create(admin, 'product', { sku, name: 'Costed', unit: 'pcs', listPrice: 100_00, cost: 61_50 });
    expect((await read(admin, 'product', product.id)).data.cost).toBe(61_50);
    const seen = await read(staff, 'product', product.id);
    expect(seen.data).toMatchObject({ sku, listPrice: 100_00 });
    expect(seen.data).not.toHaveProperty('cost');
    const listed = await staff.get(`/api/records/product?q=${encodeURIComponent(sku)}`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].data).not.toHaveProperty('cost');
    expect(JSON.stringify(listed.body)).not.toContain('6150');

    // A staff member's own product: writing leaves the cost alone.
    const own = await create(staff, 'product', { sku: `${sku}-S`, name: 'Staff made', unit: 'pcs', listPrice: 10_00, cost: 1_00 });
    expect(own.data).not.toHaveProperty('cost');
    expect((await read(admin, 'product', own.id)).data.cost).toBeUndefined();
  });

  it('are unique by SKU, customers by normalised name and phone', async () => {
    const sku = uniqueName('UNI').replace(/\s/g, '-');
    await create(admin, 'product', { sku, name: 'One', unit: 'pcs', listPrice: 1_00 });
    expect((await admin.post('/api/records/product', { sku, name: 'Two', unit: 'pcs', listPrice: 1_00 })).status).toBe(400);
    const name = uniqueName('Dedupe Trading Co');
    const phone = `+86 139 ${String(Date.now()).slice(-8, -4)} ${String(Date.now()).slice(-4)}`;
    await create(admin, 'customer', { name, phone });
    const sameName = await admin.post('/api/records/customer', { name: `  ${name.toUpperCase()} ` });
    expect(sameName.status).toBe(400);
    expect(sameName.body.error.fields).toHaveProperty('name');
    const samePhone = await admin.post('/api/records/customer', { name: uniqueName('Other'), phone: phone.replace('+86 ', '').replace(/\s/g, '') });
    expect(samePhone.status).toBe(400);
    expect(samePhone.body.error.fields).toHaveProperty('phone');
  });
});

describe('demo data', () => {
  it('loads the Chinese sales demo through the record service, and the worker builds its stock from the movements', async () => {
    const me = (await admin.get('/api/me')).body.user;
    const report = await installTemplate('sales-crm', { actor: testActor(['admin'], { id: me.id, name: me.name }), demo: 'zh-CN' });
    expect(report.demo?.failed).toEqual([]);
    expect(report.demo!.created + report.demo!.existing).toBeGreaterThan(150);

    // PLC (p1) at the Shanghai warehouse (w1): opening stock in, minus what the shipped and paid demo orders took.
    const demo = JSON.parse(readFileSync('templates/sales-crm/demo/zh-CN.json', 'utf8')) as Record<string, any[]>;
    const moves = demo.stock_movement.filter((m) => m.product.$ref === 'p1' && m.warehouse.$ref === 'w1');
    const expected = moves.reduce((sum, m) => sum + (m.type === 'out' ? -m.quantity : m.quantity), 0);
    expect(moves.some((m) => m.type === 'out')).toBe(true);
    const id = (local: string, entity: string) => demoRecordId('sales-crm', entity, local).toHexString();
    await stockOf(id('p1', 'product'), id('w1', 'warehouse'), expected);
    // The movement workflow found the demo's stock rows: no second row for a product and warehouse.
    const stock = await (await recordCollection('stock')).countDocuments({ product: id('p1', 'product'), warehouse: id('w1', 'warehouse') });
    expect(stock).toBe(1);
    const runs = await (await collection('workflowRuns')).countDocuments({ workflowKey: 'stock-movement-sync', status: 'failed' });
    expect(runs).toBe(0);
  });
});
