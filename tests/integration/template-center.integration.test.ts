/**
 * The template center's library against the real database, in databases of its own (the
 * running app's database is left alone): every pack of templates/ into an empty database
 * twice, upgrading a fixture pack with records and an admin's change, uninstalling and
 * reinstalling, exporting into another database, and demo data loaded twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo, database } from '@/lib/db/mongo';
import { getEntity, saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { translator } from '@/lib/i18n/messages';
import { createRecord } from '@/lib/records/record.service';
import { createUser } from '@/lib/users/user.service';
import type { Actor } from '@/lib/users/user.types';
import { saveDashboard } from '@/lib/dashboards/dashboard.service';
import { exportTemplate } from '@/lib/templates/template.export';
import { applyPack, installTemplate, upgradeTemplate } from '@/lib/templates/template.installer';
import { listTemplates } from '@/lib/templates/template.catalog';
import { listTemplatePacks, packFromFile, parseTemplateFile } from '@/lib/templates/template.source';
import { uninstallTemplate } from '@/lib/templates/template.uninstall';
import { demoRecordId } from '@/lib/templates/template.demo';
import { testActor } from '../support/actors';

const FIXTURES = path.join(process.cwd(), 'tests', 'fixtures', 'templates');
const V1 = path.join(FIXTURES, 'v1');
const V2 = path.join(FIXTURES, 'v2');
const baseDb = process.env.SALESFLOW_DB_NAME || 'salesflow_test';
const original = { db: process.env.SALESFLOW_DB_NAME, queue: process.env.SALESFLOW_QUEUE_PREFIX };
const t = translator('en');

/** Points the library at a fresh database of this file's own. */
async function useDatabase(suffix: string): Promise<Actor> {
  process.env.SALESFLOW_DB_NAME = `${baseDb}_tpl_${suffix}`;
  await (await database()).dropDatabase();
  const admin = await createUser({ email: `admin-${suffix}@tpl.test`, name: 'Template admin', roles: ['admin'], password: 'template-admin-pw' });
  return testActor(['admin'], { id: admin.id, name: admin.name });
}

/** Everything an install writes, to compare before and after. */
async function definitions() {
  const read = async (name: 'entities' | 'workflows' | 'dashboards' | 'entityVersions' | 'installedTemplates') =>
    (await (await collection(name)).find({}).toArray()).sort((a, b) => String(a._id).localeCompare(String(b._id)));
  return { entities: await read('entities'), workflows: await read('workflows'), dashboards: await read('dashboards'), versions: await read('entityVersions'), installed: await read('installedTemplates') };
}

beforeAll(() => {
  // Workflow runs the demo records start are queued where no worker of the running app looks.
  process.env.SALESFLOW_QUEUE_PREFIX = `${original.queue || 'salesflow-test'}-tpl`;
});

afterAll(async () => {
  for (const suffix of ['empty', 'upgrade', 'uninstall', 'export', 'export_b', 'demo']) {
    process.env.SALESFLOW_DB_NAME = `${baseDb}_tpl_${suffix}`;
    await (await database()).dropDatabase().catch(() => undefined);
  }
  process.env.SALESFLOW_DB_NAME = original.db;
  process.env.SALESFLOW_QUEUE_PREFIX = original.queue;
  await closeMongo();
});

describe('installing every pack of templates/', () => {
  it('into an empty database twice: the second install changes nothing', async () => {
    const actor = await useDatabase('empty');
    const packs = await listTemplatePacks();
    expect(packs).toContain('sales-crm');
    for (const key of packs) {
      const report = await installTemplate(key, { actor });
      expect(report.changes.length).toBeGreaterThan(0);
      expect(report.changes.every((change) => change.outcome === 'installed'), JSON.stringify(report.changes)).toBe(true);
    }
    const first = await definitions();
    for (const key of packs) {
      const again = await installTemplate(key, { actor });
      expect(again.changes.filter((change) => change.outcome !== 'unchanged')).toEqual([]);
      expect(again.previousVersion).toBe(again.version);
    }
    expect(await definitions()).toEqual(first);
    const listed = await listTemplates();
    for (const key of packs) expect(listed.find((item) => item.key === key)).toMatchObject({ installed: { status: 'installed' }, upgradeAvailable: false });
  });
});

describe('upgrading a pack with records present', () => {
  it('replaces what the admin left alone, merges what the admin changed, and loses no record', async () => {
    const actor = await useDatabase('upgrade');
    expect((await installTemplate('fixture-shop', { actor, dir: V1 })).changes.map((c) => c.outcome)).toEqual(['installed', 'installed', 'installed', 'installed']);

    const customer = await createRecord('shop_customer', { name: 'Keep me', level: 'a', phone: '13800000009', rating: 4 }, { actor, t });
    const order = await createRecord('shop_order', { title: 'Big order', customer: customer.record.id, amount: 99, status: 'open' }, { actor, t });

    // The admin adds a field to orders, renames "Amount" and adds a status (published like the designer does).
    const orders = await getEntity('shop_order');
    const changed: EntityDefinition = {
      ...orders,
      version: orders.version + 1,
      fields: [
        ...orders.fields.map((f) =>
          f.key === 'amount'
            ? { ...f, label: { 'zh-CN': '合同额', en: 'Contract value' } }
            : f.key === 'status'
              ? { ...f, options: [...f.options!, { value: 'hold', label: { 'zh-CN': '暂停', en: 'On hold' } }] }
              : f,
        ),
        { key: 'priority', type: 'number', label: { 'zh-CN': '优先级', en: 'Priority' } },
      ],
    };
    await saveEntity(changed, actor.id);
    // …and edits the dashboard's title.
    const dashboards = await collection('dashboards');
    const { _id, ...dashboard } = (await dashboards.findOne({ _id: 'shop-overview' }))!;
    await saveDashboard({ ...dashboard, title: { 'zh-CN': '我的概览', en: 'My overview' } });

    expect((await listTemplates(V2)).find((item) => item.key === 'fixture-shop')).toMatchObject({ version: 2, installed: { version: 1 }, upgradeAvailable: true });
    const report = await upgradeTemplate('fixture-shop', { actor, dir: V2 });
    expect(report.previousVersion).toBe(1);
    const outcome = Object.fromEntries(report.changes.map((c) => [c.key, c.outcome]));
    expect(outcome).toEqual({ shop_customer: 'upgraded', shop_order: 'merged', 'shop-welcome': 'unchanged', 'shop-overview': 'merged' });
    const orderReport = report.changes.find((c) => c.key === 'shop_order')!;
    expect(orderReport.details).toEqual(expect.arrayContaining(['field note added', 'field status: option cancelled added']));

    const customers = await getEntity('shop_customer');
    expect(customers.version).toBe(2);
    expect(customers.fields.map((f) => f.key)).toEqual(['name', 'level', 'rating', 'email']);
    expect(customers.fields.find((f) => f.key === 'rating')?.type).toBe('text');
    const merged = await getEntity('shop_order');
    expect(merged.version).toBe(3); // after the admin's version 2
    expect(merged.fields.map((f) => f.key)).toEqual(['title', 'customer', 'owner', 'amount', 'note', 'status', 'lines', 'priority']);
    expect(merged.fields.find((f) => f.key === 'amount')?.label.en).toBe('Contract value');
    expect(merged.fields.find((f) => f.key === 'status')?.options?.map((o) => o.value)).toEqual(['open', 'done', 'cancelled', 'hold']);
    expect(merged.listView).toEqual(orders.listView);
    const board = await dashboards.findOne({ _id: 'shop-overview' });
    expect(board?.title.en).toBe('My overview');
    expect(board?.charts.map((c) => c.id)).toEqual(['customers-by-level', 'orders-by-status']);
    expect((await (await collection('entityVersions')).find({ entity: 'shop_order' }).toArray()).map((v) => v.version).sort()).toEqual([1, 2, 3]);

    // Records stay, with the values of the removed and retyped fields (retired data).
    const stored = await (await recordCollection('shop_customer')).findOne({ _id: new ObjectId(customer.record.id) });
    expect(stored).toMatchObject({ name: 'Keep me', level: 'a', phone: '13800000009', rating: 4 });
    expect(await (await recordCollection('shop_customer')).countDocuments({})).toBe(1);
    expect(await (await recordCollection('shop_order')).findOne({ _id: new ObjectId(order.record.id) })).toMatchObject({ title: 'Big order', amount: 99 });

    // Upgrading again changes nothing; the admin's changes now count as theirs.
    const again = await upgradeTemplate('fixture-shop', { actor, dir: V2 });
    expect(again.changes.map((c) => c.outcome)).toEqual(['unchanged', 'kept', 'unchanged', 'kept']);
    expect((await getEntity('shop_order')).version).toBe(3);
  });
});

describe('uninstalling', () => {
  it('hides the app and keeps its records; installing again brings them back; deleting needs the key', async () => {
    const actor = await useDatabase('uninstall');
    await installTemplate('fixture-shop', { actor, dir: V1 });
    await createRecord('shop_customer', { name: 'Still here', level: 'b' }, { actor, t });
    const workflowRunsBefore = await (await collection('workflowRuns')).countDocuments({});

    const report = await uninstallTemplate('fixture-shop');
    expect(report).toMatchObject({ archivedEntities: ['shop_customer', 'shop_order'], disabledWorkflows: ['shop-welcome'], removedDashboards: ['shop-overview'], deletedRecords: {} });
    await expect(getEntity('shop_customer')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await (await collection('dashboards')).findOne({ _id: 'shop-overview' })).toBeNull();
    expect((await (await collection('workflows')).findOne({ _id: 'shop-welcome' }))?.enabled).toBe(false);
    expect(await (await recordCollection('shop_customer')).countDocuments({})).toBe(1);
    expect((await listTemplates(V1)).find((item) => item.key === 'fixture-shop')?.installed?.status).toBe('uninstalled');
    await expect(uninstallTemplate('fixture-shop')).rejects.toMatchObject({ kind: 'conflict' });

    const back = await installTemplate('fixture-shop', { actor, dir: V1 });
    expect(back.changes.map((c) => c.outcome)).toEqual(['installed', 'installed', 'installed', 'installed']);
    expect(back.changes.every((c) => c.details?.[0] === 'restored')).toBe(true);
    expect((await getEntity('shop_customer')).key).toBe('shop_customer');
    expect((await (await collection('workflows')).findOne({ _id: 'shop-welcome' }))?.enabled).toBe(true);
    expect(await (await collection('dashboards')).findOne({ _id: 'shop-overview' })).not.toBeNull();
    expect(await (await recordCollection('shop_customer')).countDocuments({ name: 'Still here' })).toBe(1);
    expect((await (await collection('workflowRuns')).countDocuments({})) >= workflowRunsBefore).toBe(true);

    await expect(uninstallTemplate('fixture-shop', { deleteRecords: true, confirm: 'wrong' })).rejects.toMatchObject({ kind: 'invalid' });
    expect((await getEntity('shop_customer')).key).toBe('shop_customer'); // a refused uninstall changed nothing
    const dropped = await uninstallTemplate('fixture-shop', { deleteRecords: true, confirm: 'fixture-shop' });
    expect(dropped.deletedRecords.shop_customer).toBe(1);
    expect(await (await recordCollection('shop_customer')).countDocuments({})).toBe(0);
    await installTemplate('fixture-shop', { actor, dir: V1 });
    const again = await createRecord('shop_customer', { name: 'Still here', level: 'a' }, { actor, t });
    expect(again.created).toBe(true); // the unique name was released with the records
  });
});

describe('exporting', () => {
  it('writes the installed app with the admin changes as a file that installs into another database', async () => {
    const actor = await useDatabase('export');
    await installTemplate('fixture-shop', { actor, dir: V1 });
    const customers = await getEntity('shop_customer');
    await saveEntity({ ...customers, version: 2, fields: [...customers.fields, { key: 'vip', type: 'boolean', label: { 'zh-CN': '贵宾', en: 'VIP' } }] }, actor.id);
    const file = parseTemplateFile(JSON.parse(JSON.stringify(await exportTemplate('fixture-shop'))));
    expect(file.manifest).toMatchObject({ key: 'fixture-shop', version: 1, entities: ['shop_customer', 'shop_order'], workflows: ['shop-welcome'], dashboards: ['shop-overview'] });
    expect(file.entities[0].fields.map((f) => f.key)).toContain('vip');
    const source = await definitions();

    const otherActor = await useDatabase('export_b');
    const report = await applyPack(packFromFile(file), { actor: otherActor });
    expect(report.changes.every((c) => c.outcome === 'installed')).toBe(true);
    const target = await definitions();
    expect(target.entities).toEqual(source.entities);
    expect(target.workflows).toEqual(source.workflows);
    expect(target.dashboards).toEqual(source.dashboards);
    expect((await applyPack(packFromFile(file), { actor: otherActor })).changes.every((c) => c.outcome === 'unchanged')).toBe(true);

    // A chosen set of entities: a relation out of the set is refused.
    process.env.SALESFLOW_DB_NAME = `${baseDb}_tpl_export`;
    await expect(exportTemplate('fixture-shop', { entities: ['shop_order'], key: 'orders-only' })).rejects.toMatchObject({ kind: 'invalid' });
    const customersOnly = await exportTemplate('fixture-shop', { entities: ['shop_customer'], key: 'customers-only' });
    expect(customersOnly.manifest).toMatchObject({ key: 'customers-only', entities: ['shop_customer'], dashboards: ['shop-overview'] });
    const { _id: _key, template: _pack, ...storedCustomer } = source.entities[0] as unknown as EntityDefinition & { _id: string };
    expect(customersOnly.entities).toEqual([storedCustomer]);
  });
});

describe('demo data', () => {
  it('is written through the record service once: loading it twice creates nothing new', async () => {
    const actor = await useDatabase('demo');
    const first = await installTemplate('fixture-shop', { actor, dir: V1, demo: 'en' });
    expect(first.demo).toMatchObject({ locale: 'en', created: 4, existing: 0, failed: [] });
    const customers = await recordCollection('shop_customer');
    const orders = await recordCollection('shop_order');
    const counts = [await customers.countDocuments({}), await orders.countDocuments({})];

    const second = await installTemplate('fixture-shop', { actor, dir: V1, demo: 'en' });
    expect(second.demo).toMatchObject({ created: 0, existing: 4, failed: [] });
    expect([await customers.countDocuments({}), await orders.countDocuments({})]).toEqual(counts);

    const c1 = demoRecordId('fixture-shop', 'shop_customer', 'c1').toHexString();
    const c2 = demoRecordId('fixture-shop', 'shop_customer', 'c2').toHexString();
    const o1 = await orders.findOne({ _id: demoRecordId('fixture-shop', 'shop_order', 'o1') });
    expect(o1).toMatchObject({ title: 'First order', customer: c1, owner: actor.id, _createdBy: actor.id, _ownerId: actor.id });
    expect((o1?.lines as { ref: string }[])[0].ref).toBe(c2);
    // History entries exist: the records came through the one door.
    expect(await (await collection('auditLog')).countDocuments({ recordId: c1 })).toBe(1);
  });
});
