import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { closeMongo } from '@/lib/db/mongo';
import { collection, recordCollection } from '@/lib/db/collections';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { adminTokenClient, eventually, uniqueName, type ApiClient } from '../support/http';
import { salesEntity } from '../support/templates';

/**
 * The sales pack's business rules at work in the running app (installed by setup), through
 * every door a write comes in by: shipping an order takes stock only that is there (services
 * are not stock), and a lead is marked converted only by its conversion action.
 */

let admin: ApiClient;

beforeAll(async () => {
  admin = await adminTokenClient();
});
afterAll(closeMongo);

async function create(entity: string, data: Record<string, unknown>) {
  const response = await admin.post(`/api/records/${entity}`, data);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; version: number; data: Record<string, any> };
}

async function read(entity: string, id: string) {
  const response = await admin.get(`/api/records/${entity}/${id}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { id: string; version: number; data: Record<string, any> };
}

const movementsOf = async (order: string) => (await recordCollection('stock_movement')).find({ order }).toArray();

/** A warehouse, a stock-kept product with `onHand` in it, a service, and a customer. */
async function catalogue(onHand: number) {
  const sku = uniqueName('RULE').replace(/\s/g, '-');
  const product = await create('product', { sku, name: `Gearbox ${sku}`, unit: 'pcs', listPrice: 500_00 });
  const service = await create('product', { sku: `${sku}-SVC`, name: `Installation ${sku}`, unit: 'hour', listPrice: 300_00, category: 'service', stockTracked: false });
  const warehouse = await create('warehouse', { code: uniqueName('WH').replace(/\s/g, ''), name: uniqueName('Rules warehouse') });
  const customer = await create('customer', { name: uniqueName('Rules customer') });
  await create('stock_movement', { type: 'in', product: product.id, warehouse: warehouse.id, quantity: onHand });
  return { product, service, warehouse: warehouse.id, customer: customer.id };
}

async function confirmedOrder(entity: string, lines: Record<string, unknown>[], warehouse: string, customer: string) {
  const order = await create(entity, { customer, warehouse, lines });
  const confirmed = await admin.patch(`/api/records/${entity}/${order.id}`, { status: 'confirmed' });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return confirmed.body as { id: string; version: number };
}

describe('shipping an order', () => {
  it('is refused when the warehouse has less than the lines take, naming the product and both quantities; nothing is written', async () => {
    const { product, service, warehouse, customer } = await catalogue(5);
    const order = await confirmedOrder('order', [{ product: product.id, quantity: 3, unitPrice: 500_00 }, { product: product.id, quantity: 4, unitPrice: 480_00 }, { product: service.id, quantity: 8, unitPrice: 300_00 }], warehouse, customer);

    const refused = await admin.patch(`/api/records/order/${order.id}`, { status: 'shipped' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.status).toEqual([`Stock check: “${product.data.name}” has 5 on hand at ${(await read('warehouse', warehouse)).data.name}, 7 needed.`]);
    // The service line is not stock: not named.
    expect(JSON.stringify(refused.body)).not.toContain(service.data.name);
    // In the user's language.
    const zh = await admin.withLocale('zh-CN').patch(`/api/records/order/${order.id}`, { status: 'shipped' });
    expect(zh.status).toBe(400);
    expect(zh.body.error.fields.status[0]).toMatch(new RegExp(`^发货库存检查：“${product.data.name}”在.+现有 5，需要 7。$`));

    // Nothing half-made: the order is as it was, no movement, no run.
    const after = await read('order', order.id);
    expect(after).toMatchObject({ version: order.version, data: { status: 'confirmed' } });
    expect(await movementsOf(order.id)).toEqual([]);
    expect(await (await collection('workflowRuns')).countDocuments({ workflowKey: 'order-shipped', recordId: order.id })).toBe(0);

    // A bulk edit and a kanban-style PATCH take the same door.
    const bulk = await admin.post('/api/records/order/bulk', { action: 'update', ids: [order.id], data: { status: 'shipped' } });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    expect(bulk.body.succeeded).toEqual([]);
    expect(bulk.body.failed[0].fields.status[0]).toContain(product.data.name);

    // Once the stock is there, the same order ships.
    await create('stock_movement', { type: 'in', product: product.id, warehouse, quantity: 2 });
    const shipped = await admin.patch(`/api/records/order/${order.id}`, { status: 'shipped' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body.warnings).toBeUndefined();
  });

  it('takes only stock-kept lines out: a service line makes no stock movement', async () => {
    const { product, service, warehouse, customer } = await catalogue(10);
    const order = await confirmedOrder('order', [{ product: product.id, quantity: 2, unitPrice: 500_00 }, { product: service.id, quantity: 40, unitPrice: 300_00 }], warehouse, customer);
    const shipped = await admin.patch(`/api/records/order/${order.id}`, { status: 'shipped' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    await eventually(async () => {
      const run = await (await collection('workflowRuns')).findOne({ workflowKey: 'order-shipped', recordId: order.id });
      if (run?.status === 'failed') throw new Error(`the shipping run failed: ${run.error}`);
      return run?.status === 'succeeded' ? run : undefined;
    }, 'the shipping run to finish');
    const movements = await movementsOf(order.id);
    expect(movements.map((movement) => [movement.type, movement.product, movement.quantity])).toEqual([['out', product.id, 2]]);
    expect(await (await recordCollection('stock')).countDocuments({ product: service.id })).toBe(0);
  });

  it('goes through with a warning when the entity\'s rule is set to warn', async () => {
    const { printTemplates: _layouts, ...order } = salesEntity('order');
    const key = `order_warn_${Date.now().toString(36)}`;
    const warnOnly: EntityDefinition = { ...order, key, rules: order.rules!.map((rule) => ({ ...rule, onShortage: 'warn' as const })) };
    await saveEntity(warnOnly, 'test');
    const { product, warehouse, customer } = await catalogue(1);
    const draft = await confirmedOrder(key, [{ product: product.id, quantity: 3, unitPrice: 500_00 }], warehouse, customer);
    const shipped = await admin.patch(`/api/records/${key}/${draft.id}`, { status: 'shipped' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body.data.status).toBe('shipped');
    expect(shipped.body.warnings).toEqual([expect.stringContaining(`“${product.data.name}” has 1 on hand`)]);
    expect((await read(key, draft.id)).data.status).toBe('shipped');
  });
});

describe('a lead marked converted', () => {
  async function lead() {
    return create('lead', { name: '周敏', company: uniqueName('转化规则测试公司'), phone: '139 0000 1111', source: 'website', estimatedAmount: 12_000_00 });
  }

  it('is refused by an edit and by a bulk edit, naming the field, the value and the action to use', async () => {
    const { id } = await lead();
    const edited = await admin.patch(`/api/records/lead/${id}`, { status: 'converted' });
    expect(edited.status).toBe(400);
    expect(edited.body.error.fields.status).toEqual(['“Converted” of Status is set only by the action “Convert”; use that button on the record.']);
    const zh = await admin.withLocale('zh-CN').patch(`/api/records/lead/${id}`, { status: 'converted' });
    expect(zh.body.error.fields.status).toEqual(['线索状态的“已转化”只能通过“转化为客户”操作设置，请在记录页使用该按钮。']);
    const bulk = await admin.post('/api/records/lead/bulk', { action: 'update', ids: [id], data: { status: 'converted' } });
    expect(bulk.body).toMatchObject({ succeeded: [], failed: [{ id, fields: { status: [expect.stringContaining('“Convert”')] } }] });
    // Other moves still go through.
    expect((await admin.patch(`/api/records/lead/${id}`, { status: 'contacted' })).status).toBe(200);
    expect((await read('lead', id)).data.status).toBe('contacted');
  });

  it('is refused for an imported row, which counts as failed with the message', async () => {
    const company = uniqueName('Imported convert Co');
    const csv = `\ufeffContact name,Company,Status\nWu Lei,${company},Converted\nXu Jing,${company} 2,New\n`;
    const form = new FormData();
    form.append('file', new Blob([new TextEncoder().encode(csv)]), 'leads.csv');
    const uploaded = await admin.raw('POST', '/api/imports/lead', form);
    const imported = (await uploaded.json()) as any;
    expect(uploaded.status, JSON.stringify(imported)).toBe(201);
    expect(imported.mapping).toEqual(['name', 'company', 'status']);
    expect((await admin.post(`/api/imports/${imported.id}/run`, {})).status).toBe(202);
    const done = await eventually(async () => {
      const { body } = await admin.get(`/api/imports/${imported.id}`);
      if (body.status === 'failed') throw new Error(`import failed: ${body.error}`);
      return body.status === 'done' ? body : undefined;
    }, 'the lead import to finish', 60_000);
    expect(done.counts).toMatchObject({ created: 1, failed: 1 });
    const failed = await admin.raw('GET', `/api/imports/${imported.id}/failed-rows?format=csv`);
    const rows = Papa.parse<string[]>((await failed.text()).replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
    expect(rows[1][0]).toBe('Wu Lei');
    expect(rows[1].at(-1)).toContain('set only by the action “Convert”');
    expect(await (await recordCollection('lead')).countDocuments({ company })).toBe(0);
  });

  it('by the conversion action: converted, with a customer, a contact and an opportunity', async () => {
    const { id, data } = await lead();
    const converted = await admin.post(`/api/records/lead/${id}/actions/convert`, {});
    expect(converted.status, JSON.stringify(converted.body)).toBe(200);
    expect(converted.body.run).toMatchObject({ status: 'succeeded', error: null });
    const after = await read('lead', id);
    expect(after.data.status).toBe('converted');
    expect((await read('customer', after.data.customer)).data.name).toBe(data.company);
    expect((await read('contact', after.data.contact)).data).toMatchObject({ customer: after.data.customer, name: '周敏' });
    expect((await read('opportunity', after.data.opportunity)).data).toMatchObject({ customer: after.data.customer, amount: 12_000_00 });
    // A converted lead keeps its status through an edit of another field.
    expect((await admin.patch(`/api/records/lead/${id}`, { title: '采购主管' })).status).toBe(200);
  });
});
