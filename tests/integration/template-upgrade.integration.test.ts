import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testActor } from '../support/actors';

/**
 * Installs the packs into a database of their own (the running test app keeps its own), so an
 * installation of sales-crm v2 — taken from git history — can be filled and upgraded to v3.
 * Workflows are switched off in this database: its records must not reach the shared queue.
 */

const V2_COMMIT = 'e020e1a';
/** The last commit with sales-crm v4 (before the contact-us form, business rules, print layouts, linked fills and picker columns). */
const V4_COMMIT = '1435d00';
const ORIGINAL_DB = process.env.SALESFLOW_DB_NAME;
process.env.SALESFLOW_DB_NAME = `${ORIGINAL_DB ?? 'salesflow_test'}_packs_upgrade`;

// Loaded after the database name is set (the connection reads it when first used).
const { database, closeMongo } = await import('@/lib/db/mongo');
const { collection, recordCollection } = await import('@/lib/db/collections');
const { installTemplate } = await import('@/lib/templates/template.installer');
const { forgetWorkflowTriggers } = await import('@/lib/workflows/workflow.dispatcher');
const { createRecord, getRecord, updateRecord } = await import('@/lib/records/record.service');
const { translator } = await import('@/lib/i18n/messages');
const { ObjectId } = await import('mongodb');

const admin = testActor(['admin'], { name: 'Upgrade admin' });
const write = { actor: admin, t: translator('en') };
let fixtures: string;
let fixturesV4: string;

/** The sales-crm pack as it was at a commit, in a folder of its own. */
function packAt(commit: string, prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const files = execFileSync('git', ['ls-tree', '-r', '--name-only', commit, 'templates/sales-crm'], { encoding: 'utf8' }).trim().split('\n');
  for (const file of files) {
    const target = path.join(dir, path.relative('templates', file));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, execFileSync('git', ['show', `${commit}:${file}`]));
  }
  return dir;
}

async function workflowsOff() {
  await (await collection('workflows')).updateMany({}, { $set: { enabled: false } });
  forgetWorkflowTriggers();
}

async function live(entity: string) {
  return (await recordCollection(entity)).countDocuments({ _deletedAt: { $exists: false } });
}

beforeAll(async () => {
  expect((await database()).databaseName).toMatch(/_packs_upgrade$/);
  await (await database()).dropDatabase();
  // The users collection must know the admin: user fields are checked against it.
  await (await collection('users')).insertOne({
    _id: new ObjectId(admin.id), email: admin.email, name: admin.name, roles: ['admin'], departmentId: null, sessionVersion: 1, passwordHash: 'x', active: true, createdAt: new Date(), updatedAt: new Date(),
  });
  fixtures = packAt(V2_COMMIT, 'salesflow-v2-');
  fixturesV4 = packAt(V4_COMMIT, 'salesflow-v4-');
});

afterAll(async () => {
  await (await database()).dropDatabase();
  await closeMongo();
  if (ORIGINAL_DB === undefined) delete process.env.SALESFLOW_DB_NAME;
  else process.env.SALESFLOW_DB_NAME = ORIGINAL_DB;
  rmSync(fixtures, { recursive: true, force: true });
  rmSync(fixturesV4, { recursive: true, force: true });
});

describe('sales-crm v2 → v3', () => {
  it('keeps every customer and task, adds the new entities, and the upgraded records stay editable', async () => {
    const v2 = await installTemplate('sales-crm', { dir: fixtures, actor: admin });
    expect(v2.version).toBe(2);
    expect(v2.changes.map((c) => `${c.kind}:${c.key}:${c.outcome}`)).toEqual([
      'entity:customer:installed', 'entity:task:installed', 'workflow:customer-follow-up:installed', 'dashboard:sales-overview:installed',
    ]);
    await workflowsOff();

    const customers: string[] = [];
    for (let i = 0; i < 24; i++) {
      // v2 had no uniqueness: two customers whose names differ only in case and spaces, and a shared phone.
      const name = i === 23 ? 'ACME  Shanghai' : i === 22 ? 'acme shanghai' : `上海客户 ${i}`;
      const phone = i >= 20 ? '+86 21 5555 0000' : `+86 138 0000 ${String(1000 + i)}`;
      const { record } = await createRecord('customer', { name, phone, status: ['potential', 'active', 'dormant', 'lost'][i % 4], source: 'referral', lostReason: 'price' }, write);
      customers.push(record.id);
    }
    for (let i = 0; i < 40; i++) {
      await createRecord('task', { title: `Task ${i}`, customer: customers[i % customers.length], status: i % 3 ? 'open' : 'done', dueDate: '2026-12-01' }, write);
    }
    const before = {
      customer: await (await recordCollection('customer')).find({}).sort({ _id: 1 }).toArray(),
      task: await (await recordCollection('task')).find({}).sort({ _id: 1 }).toArray(),
    };

    const v3 = await installTemplate('sales-crm', { actor: admin });
    // The pack is at v5 now (v4: approvals, reminders; v5: the contact-us form, business rules, print layouts, linked fill, the low-stock mark); the upgrade from v2 is the same path.
    expect(v3).toMatchObject({ version: 5, previousVersion: 2 });
    const outcome = Object.fromEntries(v3.changes.map((c) => [`${c.kind}:${c.key}`, c.outcome]));
    expect(outcome).toMatchObject({
      'entity:customer': 'upgraded', 'entity:task': 'unchanged', 'entity:lead': 'installed', 'entity:order': 'installed', 'entity:stock': 'installed',
      'workflow:customer-follow-up': 'unchanged', 'workflow:lead-convert': 'installed', 'dashboard:sales-overview': 'upgraded',
      'publicForm:contact-us': 'installed',
    });
    await workflowsOff();

    expect(await live('customer')).toBe(24);
    expect(await live('task')).toBe(40);
    // Not a value changed: the upgrade touches definitions, never records.
    expect(await (await recordCollection('customer')).find({}).sort({ _id: 1 }).toArray()).toEqual(before.customer);
    expect(await (await recordCollection('task')).find({}).sort({ _id: 1 }).toArray()).toEqual(before.task);

    const entity = await (await collection('entities')).findOne({ _id: 'customer' });
    expect(entity?.fields.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining(['owner', 'region', 'name', 'phone', 'lostReason']));
    // An old record reads and updates under v3 (the new owner field joins it).
    const read = await getRecord('customer', customers[3], admin);
    expect(read.data).toMatchObject({ name: '上海客户 3', status: 'lost', lostReason: 'price' });
    const updated = await updateRecord('customer', customers[3], { owner: admin.id, region: 'east' }, write, 'merge');
    expect(updated.data).toMatchObject({ name: '上海客户 3', owner: admin.id, region: 'east', lostReason: 'price' });

    const again = await installTemplate('sales-crm', { actor: admin });
    expect(again.changes.filter((c) => c.outcome !== 'unchanged')).toEqual([]);
  });
});

describe('sales-crm public forms across installs, upgrades and exports', () => {
  it('keeps the link and an admin’s changes, takes the template’s new ones, exports without the link, refuses a broken form', async () => {
    const { getPublicForm, updatePublicForm } = await import('@/lib/public-forms/public-form.service');
    const { exportTemplate } = await import('@/lib/templates/template.export');
    const { applyPack, loadTemplatePack } = await import('@/lib/templates/template.installer');
    const installed = await getPublicForm('contact-us');
    expect(installed).toMatchObject({ version: 1, enabled: true, template: 'sales-crm', entity: 'lead' });

    // Installing the same version again changes nothing, the link included.
    const again = await installTemplate('sales-crm', { actor: admin });
    expect(again.changes.find((c) => c.kind === 'publicForm')).toMatchObject({ key: 'contact-us', outcome: 'unchanged' });
    await workflowsOff();
    expect((await getPublicForm('contact-us')).slug).toBe(installed.slug);

    // An admin switches it off and rewrites the English title.
    const { slug: _s, path: _p, submissions: _c, updatedAt: _a, updatedBy: _b, version: _v, ...definition } = installed;
    await updatePublicForm('contact-us', { ...definition, enabled: false, title: { ...installed.title, en: 'Talk to sales' } }, admin.id);

    // A newer pack asks for the lead's source too and words its thanks differently.
    const next = mkdtempSync(path.join(tmpdir(), 'salesflow-v6-'));
    execFileSync('cp', ['-r', path.join('templates', 'sales-crm'), next]);
    const root = path.join(next, 'sales-crm');
    const manifest = JSON.parse(execFileSync('cat', [path.join(root, 'manifest.json')], { encoding: 'utf8' }));
    writeFileSync(path.join(root, 'manifest.json'), JSON.stringify({ ...manifest, version: manifest.version + 1 }));
    const form = JSON.parse(execFileSync('cat', [path.join(root, 'public-forms', 'contact-us.json')], { encoding: 'utf8' }));
    writeFileSync(path.join(root, 'public-forms', 'contact-us.json'), JSON.stringify({ ...form, version: 2, fields: [...form.fields, 'source'], thankYou: { ...form.thankYou, en: 'Thanks! We reply within a day.' } }));
    const upgraded = await installTemplate('sales-crm', { dir: next, actor: admin });
    await workflowsOff();
    expect(upgraded.changes.find((c) => c.kind === 'publicForm')).toMatchObject({ key: 'contact-us', outcome: 'merged' });
    const merged = await getPublicForm('contact-us');
    expect(merged).toMatchObject({ slug: installed.slug, enabled: false, title: { 'zh-CN': '联系我们', en: 'Talk to sales' }, thankYou: { en: 'Thanks! We reply within a day.' } });
    expect(merged.fields).toEqual([...installed.fields, 'source']);
    expect(merged.version).toBeGreaterThan(2);

    // The export carries the form as it is now, without this installation's link.
    const file = await exportTemplate('sales-crm');
    expect(file.manifest.publicForms).toEqual(['contact-us']);
    const exported = file.publicForms!.find((candidate) => candidate.key === 'contact-us')!;
    expect(exported).toMatchObject({ enabled: false, entity: 'lead', fields: merged.fields });
    expect(JSON.stringify(exported)).not.toContain(installed.slug);
    expect(exported).not.toHaveProperty('slug');

    // A pack whose form names a field the entity lacks is refused before anything is written.
    const broken = await loadTemplatePack('sales-crm', next);
    broken.publicForms = [{ ...broken.publicForms[0], version: 9, fields: ['name', 'company', 'no_such_field'] }];
    await expect(applyPack(broken, { actor: admin })).rejects.toMatchObject({ code: 'definition_invalid' });
    expect((await getPublicForm('contact-us')).fields).toEqual(merged.fields);
    rmSync(next, { recursive: true, force: true });
  });
});

describe('sales-crm v4 → v5', () => {
  it('brings the stock check, the non-stock flag, the action-only conversion and the print layouts, keeping the admin\'s changes and every record', async () => {
    // A database where v4 (before business rules and print layouts) was installed and used.
    await (await collection('entities')).deleteMany({});
    await (await collection('workflows')).deleteMany({});
    await (await collection('installedTemplates')).deleteMany({});
    const v4dir = packAt(V4_COMMIT, 'salesflow-v4-');
    try {
      const v4 = await installTemplate('sales-crm', { dir: v4dir, actor: admin });
      expect(v4.version).toBe(4);
    } finally {
      rmSync(v4dir, { recursive: true, force: true });
    }
    await workflowsOff();
    const { record: product } = await createRecord('product', { sku: `UPG-${Date.now().toString(36)}`, name: 'Old product', unit: 'pcs', listPrice: 10_00 }, write);
    // The admin renamed the lead's "lost" option: an upgrade keeps that and still adds the new setting.
    const lead = (await (await collection('entities')).findOne({ _id: 'lead' })) as any;
    const status = lead.fields.find((field: { key: string }) => field.key === 'status');
    status.options = status.options.map((option: { value: string }) => (option.value === 'lost' ? { ...option, label: { 'zh-CN': '已放弃', en: 'Dropped' } } : option));
    await (await collection('entities')).replaceOne({ _id: 'lead' }, lead);

    const v5 = await installTemplate('sales-crm', { actor: admin });
    expect(v5).toMatchObject({ version: 5, previousVersion: 4 });
    const outcome = Object.fromEntries(v5.changes.map((c) => [`${c.kind}:${c.key}`, c.outcome]));
    expect(outcome).toMatchObject({ 'entity:order': 'upgraded', 'entity:product': 'upgraded', 'entity:lead': 'merged', 'workflow:order-shipped': 'upgraded', 'entity:customer': 'unchanged' });
    await workflowsOff();

    const stored = async (key: string) => (await (await collection('entities')).findOne({ _id: key })) as any;
    const order = await stored('order');
    expect(order.rules.map((rule: { key: string; kind: string }) => [rule.key, rule.kind])).toEqual([['stock-on-hand', 'sufficient_balance']]);
    expect(order.printTemplates.map((template: { key: string }) => template.key)).toEqual(['quotation', 'sales-order']);
    expect((await stored('product')).fields.find((field: { key: string }) => field.key === 'stockTracked')).toMatchObject({ type: 'boolean', default: true });
    const options = (await stored('lead')).fields.find((field: { key: string }) => field.key === 'status').options;
    expect(options.find((option: { value: string }) => option.value === 'converted').onlyByAction).toBe('convert');
    expect(options.find((option: { value: string }) => option.value === 'lost').label).toEqual({ 'zh-CN': '已放弃', en: 'Dropped' });
    const shipped = (await (await collection('workflows')).findOne({ _id: 'order-shipped' })) as any;
    expect(shipped.actions.map((action: { skipRowsWhere?: unknown }) => action.skipRowsWhere)).toEqual([{ column: 'product', field: 'stockTracked', in: [false] }, { column: 'product', field: 'stockTracked', in: [false] }]);
    // The product made under v4 is untouched, and counts as kept in stock (no value is not false).
    expect((await getRecord('product', product.id, admin)).data).not.toHaveProperty('stockTracked');

    const again = await installTemplate('sales-crm', { actor: admin });
    expect(again.changes.filter((c) => c.outcome !== 'unchanged' && c.outcome !== 'kept')).toEqual([]);
  });
});

describe.each(['after-sales', 'purchasing'])('pack %s in an empty database', (pack) => {
  it('installs, then changes nothing when installed again; its English demo data loads once', async () => {
    const first = await installTemplate(pack, { actor: admin });
    expect(first.changes.length).toBeGreaterThan(0);
    expect(first.changes.every((c) => c.outcome === 'installed')).toBe(true);
    await workflowsOff();
    const second = await installTemplate(pack, { actor: admin });
    expect(second.changes.filter((c) => c.outcome !== 'unchanged')).toEqual([]);

    const demo = await installTemplate(pack, { actor: admin, demo: 'en' });
    expect(demo.demo?.failed).toEqual([]);
    expect(demo.demo?.created).toBeGreaterThanOrEqual(30);
    const repeat = await installTemplate(pack, { actor: admin, demo: 'en' });
    expect(repeat.demo).toMatchObject({ created: 0, existing: demo.demo!.created, failed: [] });
  });
});

describe('sales-crm demo data', () => {
  it('loads in English without a failure (the Chinese set is loaded by the running app in template-packs)', async () => {
    const report = await installTemplate('sales-crm', { actor: admin, demo: 'en' });
    expect(report.demo?.failed).toEqual([]);
    expect(report.demo?.created).toBeGreaterThan(150);
    const totals = await (await recordCollection('order')).find({}, { projection: { total: 1, status: 1, lines: 1 } }).toArray();
    expect(totals).toHaveLength(13);
    expect(totals.every((order) => typeof order.total === 'number' && order.total > 0)).toBe(true);
  });
});

describe('sales-crm v4 → v5, an order changed by an admin', () => {
  it('adds linked fills and picker columns, to definitions the admin left alone and to ones the admin changed', async () => {
    await (await database()).dropDatabase();
    await (await collection('users')).insertOne({
      _id: new ObjectId(admin.id), email: admin.email, name: admin.name, roles: ['admin'], departmentId: null, sessionVersion: 1, passwordHash: 'x', active: true, createdAt: new Date(), updatedAt: new Date(),
    });
    const v4 = await installTemplate('sales-crm', { dir: fixturesV4, actor: admin });
    expect(v4.version).toBe(4);
    await workflowsOff();
    // The admin adds a field of their own to orders (as publishing from the designer does).
    const { saveEntity } = await import('@/lib/entities/entity.service');
    const order = (await (await collection('entities')).findOne({ _id: 'order' }))!;
    const { _id, ...orderDef } = order;
    await saveEntity({ ...orderDef, version: orderDef.version + 1, fields: [...orderDef.fields, { key: 'poNumber', type: 'text', label: { 'zh-CN': '采购单号', en: 'PO number' } }] }, admin.id);

    const v5 = await installTemplate('sales-crm', { actor: admin });
    await workflowsOff();
    expect(v5).toMatchObject({ version: 5, previousVersion: 4 });
    const outcome = Object.fromEntries(v5.changes.map((c) => [`${c.kind}:${c.key}`, c.outcome]));
    expect(outcome).toMatchObject({ 'entity:order': 'merged', 'entity:opportunity': 'upgraded', 'entity:activity': 'upgraded', 'entity:product': 'upgraded' });

    const merged = (await (await collection('entities')).findOne({ _id: 'order' }))!;
    expect(merged.fields.map((field: { key: string }) => field.key)).toContain('poNumber');
    const lines = merged.fields.find((field: { key: string }) => field.key === 'lines')!.fields!;
    const column = (key: string) => lines.find((candidate: { key: string }) => candidate.key === key);
    expect(column('product')?.relation).toEqual({ entity: 'product', columns: ['sku', 'listPrice', 'unit'] });
    expect(column('unitPrice')?.fillFrom).toEqual({ relation: 'product', field: 'listPrice' });
    expect(column('unit')).toMatchObject({ type: 'select', fillFrom: { relation: 'product', field: 'unit' } });
    expect(lines.map((candidate: { key: string }) => candidate.key).slice(0, 4)).toEqual(['product', 'quantity', 'unit', 'unitPrice']);
    const opportunity = (await (await collection('entities')).findOne({ _id: 'opportunity' }))!;
    expect(opportunity.fields.find((field: { key: string }) => field.key === 'owner')?.fillFrom).toEqual({ relation: 'customer', field: 'owner' });

    // Installing again changes nothing: the admin's order is kept as merged.
    const again = await installTemplate('sales-crm', { actor: admin });
    expect(again.changes.filter((c) => c.outcome !== 'unchanged')).toEqual([expect.objectContaining({ kind: 'entity', key: 'order', outcome: 'kept', reasons: [{ code: 'changedByAdmin' }], details: ['changed by an admin'] })]);
    expect(await (await collection('entities')).findOne({ _id: 'order' })).toEqual(merged);
  });
});
