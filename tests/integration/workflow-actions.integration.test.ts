import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { config } from '@/lib/config';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { runWorkflowAttempt } from '@/lib/workflows/workflow.runner';
import { saveWorkflow } from '@/lib/workflows/workflow.service';
import { closeQueues } from '@/lib/jobs/jobs';
import { adminTokenClient, eventually, uniqueName, type ApiClient } from '../support/http';

/**
 * Entity actions, forEach / update / upsert actions, changed-field triggers and rollups, on
 * entities and workflows defined here (not the sales pack), through the running web app,
 * worker, database and queue.
 */
const suffix = Date.now().toString(36);
const k = (name: string) => `${name}_${suffix}`;
const label = (en: string) => ({ 'zh-CN': en, en });
const text = (key: string, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({ key, type: 'text', label: label(key), ...extra });
const link = (key: string, entity: string, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({ key, type: 'relation', label: label(key), relation: { entity }, ...extra });
function entity(key: string, fields: FieldDefinition[], extra: Partial<EntityDefinition> = {}): EntityDefinition {
  return { key, version: 1, label: label(key), displayField: 'name', fields, listView: { columns: ['name'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 }, ...extra };
}

const E = {
  customer: k('wf_customer'),
  contact: k('wf_contact'),
  opportunity: k('wf_opportunity'),
  lead: k('wf_lead'),
  product: k('wf_product'),
  warehouse: k('wf_warehouse'),
  stock: k('wf_stock'),
  movement: k('wf_movement'),
  order: k('wf_order'),
  tag: k('wf_tag'),
};
const W = { convert: `convert-${suffix}`, ship: `ship-${suffix}` };

const definitions: EntityDefinition[] = [
  entity(E.customer, [text('name', { required: true }), text('phone')]),
  entity(E.contact, [text('name', { required: true }), link('customer', E.customer, { required: true })]),
  entity(E.opportunity, [text('name', { required: true }), link('customer', E.customer), link('contact', E.contact), { key: 'amount', type: 'number', label: label('Amount'), precision: 2 }]),
  entity(E.tag, [text('name', { required: true }), { key: 'uses', type: 'number', label: label('Uses') }]),
  entity(
    E.lead,
    [
      text('name', { required: true }),
      text('person'),
      text('phone'),
      { key: 'budget', type: 'number', label: label('Budget'), precision: 2 },
      { key: 'status', type: 'select', label: label('Status'), default: 'new', options: [{ value: 'new', label: label('New') }, { value: 'converted', label: label('Converted') }] },
      text('note'),
      link('customer', E.customer),
      link('contact', E.contact),
      link('opportunity', E.opportunity),
    ],
    {
      actions: [
        { key: 'convert', label: { 'zh-CN': '转化', en: 'Convert' }, workflow: W.convert, visibleWhen: { field: 'status', in: ['new'] }, confirm: label('Convert?') },
        { key: 'admins-only', label: label('Admins only'), workflow: W.convert, roles: ['admin'] },
      ],
    },
  ),
  entity(E.product, [text('name', { required: true })]),
  entity(E.warehouse, [text('name', { required: true })]),
  entity(E.movement, [
    text('name'),
    link('product', E.product, { required: true }),
    link('warehouse', E.warehouse, { required: true }),
    { key: 'kind', type: 'select', label: label('Kind'), required: true, options: [{ value: 'in', label: label('In') }, { value: 'out', label: label('Out') }] },
    { key: 'quantity', type: 'number', label: label('Quantity'), required: true, min: 0 },
    { key: 'signedQuantity', type: 'formula', label: label('Signed'), formula: { expression: 'IF(kind = "out", 0 - quantity, quantity)', result: 'number', precision: 0 } },
    link('order', E.order),
  ]),
  entity(E.stock, [
    text('name'),
    link('product', E.product, { required: true }),
    link('warehouse', E.warehouse, { required: true }),
    { key: 'onHand', type: 'rollup', label: label('On hand'), rollup: { entity: E.movement, match: { product: 'product', warehouse: 'warehouse' }, field: 'signedQuantity', fn: 'sum', precision: 0 } },
    { key: 'moves', type: 'rollup', label: label('Movements'), rollup: { entity: E.movement, match: { product: 'product', warehouse: 'warehouse' }, fn: 'count' } },
    { key: 'outs', type: 'rollup', label: label('Out movements'), rollup: { entity: E.movement, match: { product: 'product', warehouse: 'warehouse' }, fn: 'count', where: { kind: 'out' } } },
  ]),
  entity(E.order, [
    text('name', { required: true }),
    text('note'),
    link('warehouse', E.warehouse, { required: true }),
    {
      key: 'status',
      type: 'select',
      label: label('Status'),
      options: [{ value: 'draft', label: label('Draft') }, { value: 'confirmed', label: label('Confirmed') }, { value: 'shipped', label: label('Shipped') }],
    },
    {
      key: 'items',
      type: 'subtable',
      label: label('Items'),
      fields: [link('product', E.product, { required: true }), { key: 'quantity', type: 'number', label: label('Qty'), required: true }, text('tag')],
    },
  ]),
];

let api: ApiClient;
let productId: string;
let warehouseId: string;
let stockId: string;

const count = async (entityKey: string, filter: Record<string, unknown> = {}) => (await recordCollection(entityKey)).countDocuments(filter);

beforeAll(async () => {
  api = await adminTokenClient();
  // Relations are checked against entities that exist: movement ↔ order refer to each other, so save twice.
  for (const def of definitions) await saveEntity({ ...def, fields: def.fields.filter((f) => f.type !== 'relation' || f.relation?.entity !== E.order) });
  await saveEntity({ ...definitions.find((def) => def.key === E.movement)!, version: 2 });
  await saveWorkflow({
    key: W.convert,
    version: 1,
    name: label('Convert lead'),
    enabled: true,
    trigger: { entity: E.lead, event: 'action', action: 'convert' },
    result: 'opportunity',
    actions: [
      { id: 'customer', type: 'create_record', entity: E.customer, values: { name: '{{name}}', phone: '{{phone}}' } },
      { id: 'contact', type: 'create_record', entity: E.contact, values: { name: '{{person}}', customer: '{{actions.customer}}' } },
      { id: 'opportunity', type: 'create_record', entity: E.opportunity, values: { name: '{{name}} – first deal', customer: '{{actions.customer}}', contact: '{{actions.contact}}', amount: '{{budget}}' } },
      { id: 'mark', type: 'update_record', target: 'trigger', values: { status: 'converted', customer: '{{actions.customer}}', contact: '{{actions.contact}}', opportunity: '{{actions.opportunity}}' } },
    ],
  });
  await saveWorkflow({
    key: W.ship,
    version: 1,
    name: label('Ship order'),
    enabled: true,
    trigger: { entity: E.order, event: 'updated', when: { status: 'shipped' }, changed: ['status'] },
    actions: [
      {
        id: 'movements',
        type: 'create_record',
        entity: E.movement,
        forEach: 'items',
        values: { name: 'Shipment {{name}} #{{row.product}}', product: '{{row.product}}', warehouse: '{{warehouse}}', kind: 'out', quantity: '{{row.quantity}}', order: '{{id}}' },
      },
      { id: 'tags', type: 'upsert_record', entity: E.tag, forEach: 'items', match: { name: '{{row.tag}}' }, values: { uses: '{{row.quantity}}' } },
    ],
  });
  // Saved from this process: the web process and the worker see them once their caches expire.
  await new Promise((resolve) => setTimeout(resolve, config.definitionCacheMs + 200));
  productId = (await api.post(`/api/records/${E.product}`, { name: uniqueName('Widget') })).body.id;
  warehouseId = (await api.post(`/api/records/${E.warehouse}`, { name: 'Main' })).body.id;
  const stock = await api.post(`/api/records/${E.stock}`, { name: 'Widget @ Main', product: productId, warehouse: warehouseId, onHand: 999 });
  expect(stock.status, JSON.stringify(stock.body)).toBe(201);
  expect(stock.body.data.onHand).toBe(0); // client input ignored; nothing moved yet
  stockId = stock.body.id;
});

afterAll(async () => {
  await (await collection('workflows')).deleteMany({ _id: { $in: Object.values(W) } });
  await closeQueues();
  await closeMongo();
});

describe('an entity action (lead conversion)', () => {
  it('creates customer, contact and opportunity linked to each other, marks the lead, and opens the opportunity', async () => {
    const company = uniqueName('Acme Convert');
    const lead = await api.post(`/api/records/${E.lead}`, { name: company, person: 'Li Lei', phone: '13800138000', budget: 1234.5 });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    const path = `/api/records/${E.lead}/${lead.body.id}/actions/convert`;

    const first = await api.post(path, { version: lead.body.version });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.run.status).toBe('succeeded');
    expect(first.body.run.id).toBe(`${W.convert}-${lead.body.id}-action-convert-v1`);
    const { customer, contact, opportunity, mark } = first.body.run.output;
    expect(mark).toBe(lead.body.id);
    expect(first.body.open).toEqual({ entity: E.opportunity, id: opportunity });

    const opp = (await api.get(`/api/records/${E.opportunity}/${opportunity}`)).body;
    expect(opp.data).toMatchObject({ customer, contact, amount: 1234.5 }); // a sole placeholder kept the number
    expect((await api.get(`/api/records/${E.contact}/${contact}`)).body.data).toMatchObject({ name: 'Li Lei', customer });
    expect((await api.get(`/api/records/${E.customer}/${customer}`)).body.data).toMatchObject({ name: company, phone: '13800138000' });
    const converted = (await api.get(`/api/records/${E.lead}/${lead.body.id}`)).body;
    expect(converted.data).toMatchObject({ status: 'converted', customer, contact, opportunity });
    expect(converted.version).toBe(2);
    expect(converted.updatedBy).toBe('automation');

    // The same click again (same version): the same run answers; nothing new is made.
    const again = await api.post(path, { version: 1 });
    expect(again.status).toBe(200);
    expect(again.body.run).toMatchObject({ id: first.body.run.id, status: 'succeeded', output: first.body.run.output });
    // On the converted lead the action is no longer offered.
    const later = await api.post(path, {});
    expect(later.status).toBe(409);
    expect(later.body.error.code).toBe('action_unavailable');

    expect(await count(E.customer, { name: company })).toBe(1);
    expect(await count(E.contact, { customer })).toBe(1);
    expect(await count(E.opportunity, { customer })).toBe(1);
    const run = await (await collection('workflowRuns')).findOne({ _id: first.body.run.id });
    expect(run).toMatchObject({ event: 'action', action: 'convert', status: 'succeeded', attempts: 1 });
  });

  it('runs each click of two at once only once', async () => {
    const company = uniqueName('Acme Twice');
    const lead = await api.post(`/api/records/${E.lead}`, { name: company, person: 'Han Meimei' });
    const path = `/api/records/${E.lead}/${lead.body.id}/actions/convert`;
    const answers = await Promise.all([api.post(path, { version: 1 }), api.post(path, { version: 1 })]);
    for (const answer of answers) expect([200], JSON.stringify(answer.body)).toContain(answer.status);
    expect(await count(E.customer, { name: company })).toBe(1);
    expect(await count(E.opportunity, { name: `${company} – first deal` })).toBe(1);
  });

  it('reports a failed run in the caller’s language, and honours roles', async () => {
    const lead = await api.post(`/api/records/${E.lead}`, { name: uniqueName('No person') });
    const zh = api.withLocale('zh-CN');
    const failed = await zh.post(`/api/records/${E.lead}/${lead.body.id}/actions/convert`, {});
    expect(failed.status).toBe(422);
    expect(failed.body.run.status).toBe('failed');
    expect(failed.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    // The contact's name is missing: named by its label (here the key itself), in the caller's language.
    expect(failed.body.error.message).toContain('name：此项为必填项。');
    expect(failed.body.error.fields).toHaveProperty('name');
    expect(Object.keys(failed.body.run.output)).toEqual(['customer']); // the customer was made before the contact failed
    expect((await api.get(`/api/records/${E.lead}/${lead.body.id}`)).body.data.status).toBe('new');

    const unknown = await api.post(`/api/records/${E.lead}/${lead.body.id}/actions/nope`, {});
    expect(unknown.status).toBe(404);
  });
});

describe('an order shipped (changed trigger, forEach, upsert)', () => {
  it('creates one out-movement per line, once, and only when the status changes to shipped', async () => {
    const tag = uniqueName('tag');
    const order = await api.post(`/api/records/${E.order}`, {
      name: uniqueName('SO'),
      warehouse: warehouseId,
      status: 'draft',
      items: [
        { product: productId, quantity: 2, tag },
        { product: productId, quantity: 3, tag },
        { product: productId, quantity: 5, tag: `${tag}-b` },
      ],
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const id = order.body.id;
    const runs = await collection('workflowRuns');
    const runOf = (version: number) => runs.findOne({ _id: `${W.ship}-${id}-updated-v${version}` });

    expect((await api.patch(`/api/records/${E.order}/${id}`, { status: 'confirmed' })).status).toBe(200); // v2: not shipped
    expect((await api.patch(`/api/records/${E.order}/${id}`, { status: 'shipped' })).status).toBe(200); // v3
    const run = await eventually(async () => {
      const doc = await runOf(3);
      return doc?.status === 'succeeded' ? doc : undefined;
    }, 'the shipment run');
    expect(run.output.movements).toHaveLength(3);
    expect(run.output.tags).toHaveLength(3);
    const output = run.output as Record<string, string[]>;
    const movements = await (await recordCollection(E.movement)).find({ order: id }).sort({ quantity: 1 }).toArray();
    expect(movements.map((m) => [m.kind, m.quantity, m.signedQuantity, m.warehouse, m.product])).toEqual([
      ['out', 2, -2, warehouseId, productId],
      ['out', 3, -3, warehouseId, productId],
      ['out', 5, -5, warehouseId, productId],
    ]);
    expect(movements.map((m) => m._id.toHexString()).sort()).toEqual([...output.movements].sort());
    // upsert: the first two rows share a tag: one record, updated by the second row.
    const tags = await (await recordCollection(E.tag)).find({ name: { $in: [tag, `${tag}-b`] } }).toArray();
    expect(tags.map((t) => [t.name, t.uses]).sort()).toEqual([[tag, 3], [`${tag}-b`, 5]]);
    expect(output.tags[0]).toBe(output.tags[1]);

    // A retry of the same run (as BullMQ delivers it after a crash that lost the saved progress) makes nothing new.
    await runs.updateOne({ _id: run._id }, { $set: { status: 'retrying', output: {}, steps: {} } });
    await runWorkflowAttempt({ data: { runId: run._id, workflowKey: W.ship, entity: E.order, recordId: id, event: 'updated' }, attempt: 2, maxAttempts: 3 });
    const retried = await runOf(3);
    expect(retried?.status).toBe('succeeded');
    expect([...(retried?.output.movements as string[])].sort()).toEqual([...output.movements].sort());
    expect(await count(E.movement, { order: id })).toBe(3);
    expect(await count(E.tag, { name: { $in: [tag, `${tag}-b`] } })).toBe(2);

    // An unrelated change of a shipped order does not start the workflow again.
    expect((await api.patch(`/api/records/${E.order}/${id}`, { note: 'call before delivery' })).status).toBe(200); // v4
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await runOf(4)).toBeNull();
    expect(await count(E.movement, { order: id })).toBe(3);
  });
});

describe('a rollup (stock on hand)', () => {
  async function settled(expected: { onHand: number; moves: number; outs: number }) {
    return eventually(
      async () => {
        const stock = await (await recordCollection(E.stock)).findOne({ _id: new ObjectId(stockId) });
        const seen = { onHand: stock?.onHand, moves: stock?.moves, outs: stock?.outs };
        return JSON.stringify(seen) === JSON.stringify(expected) ? seen : undefined;
      },
      `stock to settle at ${JSON.stringify(expected)}`,
      40_000,
    );
  }

  async function expectedTotals() {
    const all = await (await recordCollection(E.movement)).find({ product: productId, warehouse: warehouseId, _deletedAt: { $exists: false } }).toArray();
    return {
      onHand: all.reduce((sum, m) => sum + (m.signedQuantity as number), 0),
      moves: all.length,
      outs: all.filter((m) => m.kind === 'out').length,
    };
  }

  it('equals the exact sum after 40 concurrent movements, and follows a deletion', async () => {
    const before = await expectedTotals();
    const quantities = Array.from({ length: 40 }, (_, i) => ({ kind: i % 3 === 0 ? 'out' : 'in', quantity: (i % 7) + 1 }));
    const created = await Promise.all(
      quantities.map((q, i) => api.post(`/api/records/${E.movement}`, { name: `m${i}`, product: productId, warehouse: warehouseId, ...q })),
    );
    for (const answer of created) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const delta = quantities.reduce((sum, q) => sum + (q.kind === 'out' ? -q.quantity : q.quantity), 0);
    const expected = await expectedTotals();
    expect(expected.onHand).toBe(before.onHand + delta);
    expect(expected.moves).toBe(before.moves + 40);
    await settled(expected);

    // A movement moved to the recycle bin no longer counts; restored, it counts again.
    const gone = created.find((answer) => answer.body.data.kind === 'in')!;
    expect((await api.delete(`/api/records/${E.movement}/${gone.body.id}`)).status).toBe(204);
    await settled({ ...expected, onHand: expected.onHand - gone.body.data.quantity, moves: expected.moves - 1 });
    expect((await api.post(`/api/records/${E.movement}/${gone.body.id}/restore`, {})).status).toBeLessThan(300);
    await settled(expected);

    // Moving a movement to another warehouse takes it off this stock line.
    const other = (await api.post(`/api/records/${E.warehouse}`, { name: 'Second' })).body.id;
    const moved = created.find((answer) => answer.body.data.kind === 'out')!;
    expect((await api.patch(`/api/records/${E.movement}/${moved.body.id}`, { warehouse: other })).status).toBe(200);
    await settled({ onHand: expected.onHand + moved.body.data.quantity, moves: expected.moves - 1, outs: expected.outs - 1 });

    // A stock line created where movements exist starts with their sum; it is read-only for people.
    const second = await api.post(`/api/records/${E.stock}`, { name: 'Widget @ Second', product: productId, warehouse: other });
    expect(second.body.data).toMatchObject({ onHand: -moved.body.data.quantity, moves: 1, outs: 1 });
    const edited = await api.patch(`/api/records/${E.stock}/${second.body.id}`, { onHand: 1000, name: 'renamed' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.data.onHand).toBe(-moved.body.data.quantity);
  });
});
