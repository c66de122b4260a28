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
  fixtures = mkdtempSync(path.join(tmpdir(), 'salesflow-v2-'));
  const files = execFileSync('git', ['ls-tree', '-r', '--name-only', V2_COMMIT, 'templates/sales-crm'], { encoding: 'utf8' }).trim().split('\n');
  for (const file of files) {
    const target = path.join(fixtures, path.relative('templates', file));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, execFileSync('git', ['show', `${V2_COMMIT}:${file}`]));
  }
});

afterAll(async () => {
  await (await database()).dropDatabase();
  await closeMongo();
  if (ORIGINAL_DB === undefined) delete process.env.SALESFLOW_DB_NAME;
  else process.env.SALESFLOW_DB_NAME = ORIGINAL_DB;
  rmSync(fixtures, { recursive: true, force: true });
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
    // The pack is at v5 now (v4: workflows, approvals, reminders; v5: the low-stock mark speaks no one language); the upgrade from v2 is the same path.
    expect(v3).toMatchObject({ version: 5, previousVersion: 2 });
    const outcome = Object.fromEntries(v3.changes.map((c) => [`${c.kind}:${c.key}`, c.outcome]));
    expect(outcome).toMatchObject({
      'entity:customer': 'upgraded', 'entity:task': 'unchanged', 'entity:lead': 'installed', 'entity:order': 'installed', 'entity:stock': 'installed',
      'workflow:customer-follow-up': 'unchanged', 'workflow:lead-convert': 'installed', 'dashboard:sales-overview': 'upgraded',
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
