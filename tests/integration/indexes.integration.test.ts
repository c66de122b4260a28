import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, ObjectId, type CommandStartedEvent, type Document } from 'mongodb';
import { config } from '@/lib/config';
import { collection, recordCollection } from '@/lib/db/collections';
import { SYSTEM_INDEXES } from '@/lib/db/indexes';
import { closeMongo, database } from '@/lib/db/mongo';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { listEntities } from '@/lib/entities/entity.service';
import { translator } from '@/lib/i18n/messages';
import { recordIndexPlan, recordQueryUsage } from '@/lib/records/record.indexes';
import { createRecord, createRecords } from '@/lib/records/record.service';
import { computeRollup } from '@/lib/records/rollup.compute';
import { actorFor } from '@/lib/permissions/actor';
import { ADMIN, adminTokenClient, type ApiClient } from '../support/http';

// This process's lib code talks to the database through a client that reports every command,
// so a test can count what a create asks.
const commands: CommandStartedEvent[] = [];
const monitored = MongoClient.connect(config.mongoUri, { monitorCommands: true }).then((client) => {
  client.on('commandStarted', (event) => commands.push(event));
  return client;
});
(globalThis as unknown as { __salesflowMongo?: Promise<MongoClient> }).__salesflowMongo = monitored;

afterAll(closeMongo);

async function indexesOf(name: string): Promise<{ name: string; key: Document }[]> {
  return (await (await database()).collection(name).listIndexes().toArray()) as { name: string; key: Document }[];
}

/** The record collection's indexes of ours (sf_), by name → keys. */
async function ownIndexes(entity: string): Promise<Record<string, Document>> {
  return Object.fromEntries((await indexesOf(`rec_${entity}`)).filter((index) => index.name.startsWith('sf_')).map((index) => [index.name, index.key]));
}

/** The plan of the definition as stored now (not this process's cached copy). */
async function published(key: string): Promise<EntityDefinition> {
  const doc = await (await collection('entities')).findOne({ _id: key });
  if (!doc) throw new Error(`${key} is not published`);
  return doc;
}

async function planned(def: EntityDefinition): Promise<Record<string, Document>> {
  return Object.fromEntries(recordIndexPlan(def, await recordQueryUsage(def.key)).map((index) => [index.name, index.key]));
}

describe('indexes after setup', () => {
  it('every entity has exactly its planned indexes, and none of the names earlier versions used', async () => {
    for (const def of await listEntities()) {
      expect(await ownIndexes(def.key), def.key).toEqual(await planned(def));
      const names = (await indexesOf(`rec_${def.key}`)).map((index) => index.name);
      expect(names.filter((name) => /^(created_at|owner|f_.*|sort_.*)$/.test(name)), def.key).toEqual([]);
    }
  });

  it('system collections have their listed indexes; the history log only its _id', async () => {
    for (const [name, wanted] of Object.entries(SYSTEM_INDEXES)) {
      const present = await indexesOf(name);
      for (const index of wanted) expect(present.find((candidate) => candidate.name === index.name)?.key, `${name}.${index.name}`).toEqual(index.key);
    }
    expect((await indexesOf('audit_log')).map((index) => index.name)).toEqual(['_id_']);
    expect((await indexesOf('workflow_runs')).map((index) => index.name)).not.toContain('record');
  });
});

describe('indexes follow the definition and its saved views', () => {
  const key = `it_idx_${Date.now().toString(36)}`;
  const label = (en: string) => ({ 'zh-CN': en, en });
  const options = (...values: string[]) => values.map((value) => ({ value, label: label(value) }));
  let api: ApiClient;
  const definition = (kanbanField: string, sortField: string): EntityDefinition => ({
    key,
    version: 0,
    label: label('Indexed'),
    displayField: 'name',
    fields: [
      { key: 'name', type: 'text', label: label('Name') },
      { key: 'stage', type: 'select', label: label('Stage'), options: options('new', 'won') },
      { key: 'region', type: 'select', label: label('Region'), options: options('north', 'south') },
      { key: 'customer', type: 'relation', label: label('Customer'), relation: { entity: 'customer' } },
      { key: 'tags', type: 'multiselect', label: label('Tags'), options: options('a', 'b') },
      { key: 'closeOn', type: 'date', label: label('Close on') },
      { key: 'amount', type: 'money', label: label('Amount'), currency: 'CNY' },
    ],
    listView: { columns: ['name'], sort: [{ field: sortField, direction: 'desc' }], pageSize: 20 },
    kanbanField,
  });

  async function publish(def: EntityDefinition) {
    expect((await api.put(`/api/entities/${key}/draft`, def)).status).toBe(200);
    const published = await api.post(`/api/entities/${key}/publish`, { confirm: true });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  }

  beforeAll(async () => {
    api = await adminTokenClient();
  });

  it('publishing builds the plan; publishing a change replaces what changed and keeps indexes others made', async () => {
    await publish(definition('stage', 'closeOn'));
    const first = await ownIndexes(key);
    expect(first).toEqual(await planned(await published(key)));
    expect(first.sf_list_closeOn).toEqual({ _deletedAt: 1, closeOn: -1, _id: -1 });
    expect(first.sf_stage_by_closeOn).toEqual({ _deletedAt: 1, stage: 1, closeOn: -1, _id: -1 });
    expect(first.sf_customer_by_closeOn).toEqual({ _deletedAt: 1, customer: 1, closeOn: -1, _id: -1 });
    expect(Object.values(first).some((index) => 'tags' in index)).toBe(false);

    // An index an administrator made by hand is not ours to drop.
    await (await recordCollection(key)).createIndex({ name: 1 }, { name: 'by_name_custom' });
    await publish(definition('region', 'createdAt'));
    const second = await ownIndexes(key);
    expect(second).toEqual(await planned(await published(key)));
    expect(second.sf_list_createdAt).toEqual({ _deletedAt: 1, _createdAt: -1, _id: -1 });
    expect(second.sf_region_by_createdAt).toEqual({ _deletedAt: 1, region: 1, _createdAt: -1, _id: -1 });
    expect(Object.keys(second).filter((name) => name.includes('closeOn'))).toEqual([]);
    expect((await indexesOf(`rec_${key}`)).map((index) => index.name)).toContain('by_name_custom');
  });

  it('a saved view that sorts its own way gets an index while it exists', async () => {
    const view = await api.post(`/api/views/${key}`, {
      name: 'Won by amount',
      kind: 'table',
      sort: [{ field: 'amount', direction: 'desc' }],
      filter: { match: 'all', conditions: [{ field: 'stage', op: 'anyOf', value: ['won'] }] },
    });
    expect(view.status, JSON.stringify(view.body)).toBe(201);
    expect((await ownIndexes(key)).sf_stage_by_amount).toEqual({ _deletedAt: 1, stage: 1, amount: -1, _id: -1 });
    expect((await api.delete(`/api/views/${key}/${view.body.id}`)).status).toBeLessThan(300);
    expect(Object.keys(await ownIndexes(key))).not.toContain('sf_stage_by_amount');
  });
});

describe('what a create asks the database', () => {
  let ctx: Parameters<typeof createRecord>[2];
  let customers: string[];

  beforeAll(async () => {
    const stamp = Date.now();
    const admin = await (await collection('users')).findOne({ email: ADMIN.email });
    ctx = { actor: await actorFor(admin!, 'session'), t: translator('en') };
    const made = await createRecords(
      'customer',
      Array.from({ length: 3 }, (_, i) => ({ id: new ObjectId(), input: { name: `Round trip ${stamp} ${i}`, phone: `139${String((stamp + i) % 1e8).padStart(8, '0')}` } })),
      ctx,
    );
    expect(made.map((result) => result.status)).toEqual(['created', 'created', 'created']);
    customers = (await (await recordCollection('customer')).find({ name: { $regex: `^Round trip ${stamp}` } }, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id.toHexString());
  });

  /** The commands the work sent, as "command collection". */
  async function asked(work: () => Promise<unknown>): Promise<string[]> {
    commands.length = 0;
    await work();
    return commands.map((event) => `${event.commandName} ${String(event.command[event.commandName])}`);
  }

  it('a task naming a customer and its author: one reference lookup, the intent, the record, its history entry, the intent done', async () => {
    const input = { title: 'Round trips', status: 'open', priority: 'normal', dueDate: '2026-05-01', assignee: ctx.actor.id, customer: customers[0] };
    await createRecord('task', input, ctx); // users and definitions cached from here on
    const sent = await asked(() => createRecord('task', input, ctx));
    // No lookup of the author (a cached active user) nor of the definition; nothing else.
    expect(sent.sort()).toEqual(['delete write_intents', 'find rec_customer', 'insert audit_log', 'insert rec_task', 'insert write_intents']);
  });

  it('a batch looks up each target entity once, with $in', async () => {
    const items = customers.map((customer, i) => ({ id: new ObjectId(), input: { title: `Batch ${i}`, status: 'open', priority: 'low', dueDate: '2026-06-01', assignee: ctx.actor.id, customer } }));
    commands.length = 0;
    const results = await createRecords('task', items, ctx);
    expect(results.every((result) => result.status === 'created')).toBe(true);
    const lookups = commands.filter((event) => event.commandName === 'find');
    expect(lookups.map((event) => event.command.find)).toEqual(['rec_customer']);
    expect(lookups[0].command.filter._id.$in.map(String).sort()).toEqual([...customers].sort());
  });

  it('an update replaces the record only at the version it read', async () => {
    const { record } = await createRecord('task', { title: 'Versioned', status: 'open', priority: 'normal', dueDate: '2026-05-02' }, ctx);
    const { updateRecord } = await import('@/lib/records/record.service');
    commands.length = 0;
    await updateRecord('task', record.id, { priority: 'high' }, ctx, 'merge');
    const replace = commands.find((event) => event.commandName === 'update' && event.command.update === 'rec_task');
    expect(replace?.command.updates[0].q).toEqual({ _id: new ObjectId(record.id), _version: 1 });
  });
});

describe('what rollups ask the database', () => {
  it('sums and counts with [$match, $group]; finds the least and greatest by a sorted find (FerretDB v1 has no $min/$max)', async () => {
    const admin = await (await collection('users')).findOne({ email: ADMIN.email });
    const ctx = { actor: await actorFor(admin!, 'session'), t: translator('en') };
    const stamp = Date.now();
    const customerId = new ObjectId();
    const [customer] = await createRecords('customer', [{ id: customerId, input: { name: `Rollup ${stamp}`, phone: `138${String(stamp % 1e8).padStart(8, '0')}` } }], ctx);
    expect(customer.status).toBe('created');
    const amounts = [120000, 35000, 990000];
    const deals = await createRecords(
      'opportunity',
      amounts.map((amount, i) => ({ id: new ObjectId(), input: { name: `Deal ${i}`, customer: customerId.toHexString(), stage: 'proposal', amount, expectedCloseDate: '2026-09-01' } })),
      ctx,
    );
    expect(deals.map((deal) => deal.status)).toEqual(['created', 'created', 'created']);
    const of = (fn: 'sum' | 'count' | 'min' | 'max') => computeRollup({ entity: 'opportunity', match: { customer: 'id' }, field: 'amount', fn, precision: 0 }, { id: customerId.toHexString() });
    expect(await of('sum')).toBe(1145000);
    expect(await of('count')).toBe(3);
    expect(await of('min')).toBe(35000);
    expect(await of('max')).toBe(990000);
  });
});
