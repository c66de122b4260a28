import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { adminTokenClient, type ApiClient } from '../support/http';

const suffix = Date.now().toString(36);
const label = (en: string, zh = en) => ({ 'zh-CN': zh, en });
const sound = (key: string): EntityDefinition => ({
  key,
  version: 0,
  label: label('Deal', '交易'),
  displayField: 'name',
  fields: [
    { key: 'no', type: 'autonumber', label: label('No.'), autonumber: { prefix: 'D', dateFormat: 'YYYY', digits: 4 } },
    { key: 'name', type: 'text', label: label('Name'), required: true },
    { key: 'qty', type: 'number', label: label('Quantity') },
    { key: 'price', type: 'money', currency: 'CNY', label: label('Price') },
    { key: 'total', type: 'formula', label: label('Total'), formula: { expression: 'qty * price', result: 'money' } },
    { key: 'stage', type: 'select', label: label('Stage'), options: [{ value: 'new', label: label('New') }] },
  ],
  listView: { columns: ['name', 'total'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
});

/** Each definition and a piece of the problem its refusal must name. */
type Case = [string, (def: any) => unknown, RegExp];
const CASES: Case[] = [
  ['no list view', ({ listView: _, ...def }) => def, /list view/],
  ['a list view without its sort', (def) => ({ ...def, listView: { columns: ['name'], pageSize: 20 } }), /sort/],
  ['a page size of 0', (def) => ({ ...def, listView: { ...def.listView, pageSize: 0 } }), /pageSize/],
  ['a formula without its result type', (def) => withField(def, 'total', { formula: { expression: 'qty * price' } }), /total: needs a result type/],
  ['a formula that does not parse', (def) => withField(def, 'total', { formula: { expression: 'qty * (price', result: 'money' } }), /total: expected "\)"/],
  ['a formula that multiplies text', (def) => withField(def, 'total', { formula: { expression: 'name * 2', result: 'number' } }), /total: "\*" expects numbers, got text/],
  ['a number formula that gives text', (def) => withField(def, 'total', { formula: { expression: 'name & "x"', result: 'number' } }), /total: the formula gives text, but its result type is number/],
  ['an auto number without its date format', (def) => withField(def, 'no', { autonumber: { prefix: 'D', digits: 4 } }), /no: dateFormat must be one of/],
  ['an auto number without settings', (def) => withField(def, 'no', { autonumber: undefined }), /no: needs its numbering/],
  ['a select without options', (def) => withField(def, 'stage', { options: [] }), /stage: needs at least one option/],
  ['a default that is not an option', (def) => withField(def, 'stage', { default: 'won' }), /stage: the default "won" is not a valid select value/],
  ['an unknown computed default', (def) => withField(def, 'name', { default: '$tomorrow' }), /name: default "\$tomorrow" is not a computed default/],
  ['a money scale of 9', (def) => withField(def, 'price', { scale: 9 }), /price: scale must be a whole number from 0 to 6/],
  ['an unknown currency', (def) => withField(def, 'price', { currency: 'yuan' }), /price: currency must be an ISO 4217 code/],
  ['a negative precision', (def) => withField(def, 'qty', { precision: -1 }), /qty: precision must be a whole number from 0 to 10/],
  ['a relation to nothing', (def) => ({ ...def, fields: [...def.fields, { key: 'rel', type: 'relation', label: label('Rel') }] }), /rel: needs the entity it points to/],
  ['a relation to an entity that does not exist', (def) => ({ ...def, fields: [...def.fields, { key: 'rel', type: 'relation', label: label('Rel'), relation: { entity: 'no_such_entity' } }] }), /rel: entity "no_such_entity" does not exist/],
  ['a fill from a field that is not a relation', (def) => withField(def, 'price', { fillFrom: { relation: 'qty', field: 'listPrice' } }), /price: filled from "qty", which is not a relation/],
  ['a fill from a field the related entity lacks', (def) => withField(withProduct(def), 'price', { fillFrom: { relation: 'product', field: 'nope' } }), /price: filled from "nope", which is not a field of "product"/],
  ['a fill from a field of another kind', (def) => withField(withProduct(def), 'price', { fillFrom: { relation: 'product', field: 'sku' } }), /price: cannot be filled from product\.sku: a text field cannot fill a money field/],
  ['picker columns the related entity lacks', (def) => withField(withProduct(def), 'product', { relation: { entity: 'product', columns: ['sku', 'nope'] } }), /product: the picker shows "nope", which is not a field of "product"/],
  ['fields that are not a list', (def) => ({ ...def, fields: 'name' }), /fields must be a list/],
  ['a field that is null', (def) => ({ ...def, fields: [...def.fields, null] }), /field 7 must be an object/],
  ['a field without a label', (def) => withField(def, 'qty', { label: undefined }), /qty: needs a label/],
  ['an unknown field type', (def) => withField(def, 'qty', { type: 'decimal' }), /qty: unknown type "decimal"/],
  ['a display field that is not there', (def) => ({ ...def, displayField: 'title' }), /display field "title"/],
  ['a sort on an unknown field', (def) => ({ ...def, listView: { ...def.listView, sort: [{ field: 'nope', direction: 'up' }] } }), /sort of the list view needs a field and a direction/],
];

/** Problems only publishing finds: they read the entities a definition relates to. */
const ACROSS_ENTITIES = /^(rel: entity|price: filled from "nope"|price: cannot be filled|product: the picker)/;

/** The sales pack's products, related. */
function withProduct(def: EntityDefinition): EntityDefinition {
  return { ...def, fields: [...def.fields, { key: 'product', type: 'relation', label: label('Product'), relation: { entity: 'product' } }] };
}

function withField(def: EntityDefinition, key: string, change: Record<string, unknown>) {
  return { ...def, fields: def.fields.map((field) => (field.key === key ? { ...field, ...change } : field)) };
}

let api: ApiClient;

beforeAll(async () => {
  api = await adminTokenClient();
});
afterAll(closeMongo);

describe('every definition is checked completely before it is used', () => {
  it('publishes a sound definition, whose creates then work', async () => {
    const key = `it_def_ok_${suffix}`;
    expect((await api.put(`/api/entities/${key}/draft`, sound(key))).body.problems).toEqual([]);
    expect((await api.post(`/api/entities/${key}/publish`, {})).status).toBe(200);
    const created = await api.post(`/api/records/${key}`, { name: 'First', qty: 2, price: '12.50' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({ total: 2500, no: expect.stringMatching(/^D-\d{4}-0001$/) });
  });

  it.each(CASES)('refuses %s with a 400 naming the problem, and stores nothing', async (_name, breakIt, problem) => {
    const key = `it_def_bad_${suffix}_${Math.random().toString(36).slice(2, 7)}`;
    const definition = breakIt(sound(key));
    // A draft may be unfinished: kept, with its problems listed.
    const draft = await api.put(`/api/entities/${key}/draft`, definition);
    expect(draft.status).toBe(200);
    expect(draft.body.problems.join('\n')).toMatch(ACROSS_ENTITIES.test(problem.source) ? /$/ : problem);
    const published = await api.post(`/api/entities/${key}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(400);
    expect(published.body.error.code).toBe('definition_invalid');
    expect(published.body.error.problems.join('\n')).toMatch(problem);
    expect((await api.get(`/api/entities/${key}`)).status).toBe(404);
    expect(await (await collection('entities')).countDocuments({ _id: key })).toBe(0);
  });

  it('refuses a template file with such a definition, naming it', async () => {
    const entity = CASES[0][1](sound(`it_def_tpl_${suffix}`)) as EntityDefinition;
    const file = { format: 'salesflow-template', formatVersion: 1, manifest: { key: `it-def-${suffix}`, version: 1, name: label('Broken'), description: label('Broken') }, entities: [entity], workflows: [], dashboards: [] };
    const form = new FormData();
    form.append('file', new Blob([JSON.stringify(file)], { type: 'application/json' }), 'broken.salesflow.json');
    const response = await api.raw('POST', '/api/templates/import', form);
    const body = (await response.json()) as any;
    expect(response.status, JSON.stringify(body)).toBe(400);
    expect(body.error.problems.join('\n')).toMatch(/list view/);
    expect(await (await collection('entities')).countDocuments({ _id: entity.key })).toBe(0);
  });

  it('answers 409 with the problems, never 500, for a broken definition stored before these checks; and start goes on', async () => {
    const key = `it_def_stored_${suffix}`;
    const { listView: _, ...broken } = sound(key);
    await (await collection('entities')).insertOne({ _id: key, ...broken, version: 1 } as never);
    const created = await api.post(`/api/records/${key}`, { name: 'x' });
    expect(created.status).toBe(409);
    expect(created.body.error).toMatchObject({ code: 'definition_broken', problems: [expect.stringMatching(/list view/)] });
    // The designer still opens it, so an admin can fix it.
    expect((await api.get(`/api/entities/${key}/draft`)).body.published.key).toBe(key);
    const setup = await promisify(execFile)('npx', ['--no-install', 'tsx', 'scripts/setup.ts'], { env: process.env, timeout: 120_000 });
    expect(setup.stderr).toMatch(new RegExp(`entity "${key}" has a definition that cannot be used`));
    await (await collection('entities')).deleteOne({ _id: key });
  });
});
