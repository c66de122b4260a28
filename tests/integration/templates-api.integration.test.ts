/** The template center's HTTP API on the running app: admins only, errors as the API describes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { closeMongo } from '@/lib/db/mongo';
import { loadTemplatePack } from '@/lib/templates/template.source';
import type { TemplateFile } from '@/lib/templates/template.types';
import { adminTokenClient, sessionClient, uniqueName, type ApiClient } from '../support/http';

const FIXTURES = path.join(process.cwd(), 'tests', 'fixtures', 'templates');
let admin: ApiClient;

beforeAll(async () => {
  admin = await adminTokenClient();
});
afterAll(closeMongo);

/** The fixture pack folder as a template file, the way an export writes one. */
async function fixtureFile(): Promise<TemplateFile> {
  const pack = await loadTemplatePack('fixture-shop', path.join(FIXTURES, 'v1'));
  const plain = <T extends { template?: string }>(defs: T[]) => defs.map(({ template: _t, ...def }) => def);
  return { format: 'salesflow-template', formatVersion: 1, manifest: pack.manifest, demo: pack.demo, entities: plain(pack.entities) as TemplateFile['entities'], workflows: plain(pack.workflows) as TemplateFile['workflows'], dashboards: plain(pack.dashboards) as TemplateFile['dashboards'] };
}

function upload(file: unknown, name = 'app.salesflow.json'): FormData {
  const form = new FormData();
  form.append('file', new Blob([JSON.stringify(file)], { type: 'application/json' }), name);
  return form;
}

describe('template center API', () => {
  it('lists and previews packs for admins only', async () => {
    const list = await admin.get('/api/templates');
    expect(list.status).toBe(200);
    const sales = list.body.items.find((item: { key: string }) => item.key === 'sales-crm');
    expect(sales).toMatchObject({ source: 'folder', installed: { status: 'installed' }, upgradeAvailable: false });
    expect(sales.installed.version).toBe(sales.version);

    const preview = await admin.get('/api/templates/sales-crm');
    expect(preview.status).toBe(200);
    const customer = preview.body.entities.find((entity: { key: string }) => entity.key === 'customer');
    expect(customer.label.en).toBe('Customer');
    expect(customer.fields.length).toBeGreaterThan(2);
    expect(customer.fields[0]).toMatchObject({ key: expect.any(String), type: expect.any(String), typeLabel: { en: expect.any(String), 'zh-CN': expect.any(String) } });
    expect((await admin.get('/api/templates/no-such-pack')).status).toBe(404);
    expect((await admin.post('/api/templates/no-such-pack/install', {})).status).toBe(404);

    const email = `${uniqueName('staff').replace(/\s+/g, '-')}@tpl.test`.toLowerCase();
    expect((await admin.post('/api/users', { email, name: 'Staff', role: 'staff', password: 'staff-password-1' })).status).toBe(201);
    const staff = await sessionClient(email, 'staff-password-1');
    expect((await staff.get('/api/templates')).status).toBe(403);
    expect((await staff.post('/api/templates/sales-crm/install', {})).status).toBe(403);
  });

  it('installs again without changes, and exports a file that installs', async () => {
    const again = await admin.post('/api/templates/sales-crm/install', {});
    expect(again.status).toBe(200);
    expect(again.body.changes.filter((change: { outcome: string }) => change.outcome !== 'unchanged')).toEqual([]);
    expect((await admin.post('/api/templates/sales-crm/install', { demo: 'fr' })).status).toBe(400);

    const download = await admin.raw('GET', '/api/templates/sales-crm/export');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/attachment; filename="sales-crm-v\d+-\d{4}-\d{2}-\d{2}\.salesflow\.json"/);
    const file = (await download.json()) as TemplateFile;
    expect(file).toMatchObject({ format: 'salesflow-template', formatVersion: 1, manifest: { key: 'sales-crm' } });
    expect(file.entities.map((entity) => entity.key)).toContain('customer');

    const imported = await admin.raw('POST', '/api/templates/import', upload(file));
    expect(imported.status).toBe(201);
    const report = await imported.json();
    expect(report.changes.filter((change: { outcome: string }) => change.outcome !== 'unchanged')).toEqual([]);
    const bad = await admin.raw('POST', '/api/templates/import', upload({ format: 'something-else' }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('bad_request');
  });

  it('installs an uploaded app, uninstalls it keeping its records, and brings it back', async () => {
    const installed = await admin.raw('POST', '/api/templates/import', upload(await fixtureFile()));
    expect(installed.status).toBe(201);
    const name = uniqueName('Kept customer');
    const record = await admin.post('/api/records/shop_customer', { name, level: 'a' });
    expect(record.status).toBe(201);
    const listed = (await admin.get('/api/templates')).body.items.find((item: { key: string }) => item.key === 'fixture-shop');
    expect(listed).toMatchObject({ source: 'upload', installed: { version: 1, status: 'installed' } });

    const refused = await admin.post('/api/templates/fixture-shop/uninstall', { deleteRecords: true, confirm: 'nope' });
    expect(refused.status).toBe(400);
    const uninstalled = await admin.post('/api/templates/fixture-shop/uninstall', {});
    expect(uninstalled.status).toBe(200);
    expect(uninstalled.body).toMatchObject({ archivedEntities: ['shop_customer', 'shop_order'], deletedRecords: {} });
    expect((await admin.get('/api/entities')).body.items.map((entity: { key: string }) => entity.key)).not.toContain('shop_customer');
    expect((await admin.get(`/api/records/shop_customer/${record.body.id}`)).status).toBe(404);
    expect((await admin.post('/api/templates/fixture-shop/upgrade', {})).status).toBe(409);
    expect((await admin.raw('GET', '/api/templates/fixture-shop/export')).status).toBe(404);

    const back = await admin.post('/api/templates/fixture-shop/install', { demo: 'zh-CN' });
    expect(back.status).toBe(200);
    expect(back.body.changes.map((change: { outcome: string }) => change.outcome)).toEqual(['installed', 'installed', 'installed', 'installed']);
    expect(back.body.demo).toMatchObject({ locale: 'zh-CN', created: 4, failed: [] });
    expect((await admin.get(`/api/records/shop_customer/${record.body.id}`)).body.data.name).toBe(name);
  });
});

describe('a broken template file', () => {
  it('is refused before anything is written', async () => {
    const file = await fixtureFile();
    file.manifest = { ...file.manifest, key: 'broken-shop' };
    file.entities = [{ ...file.entities[0], key: 'broken_customer' }, { ...file.entities[1], key: 'broken_order', fields: [{ key: 'bad', type: 'nope', label: { en: 'Bad', 'zh-CN': '坏' } }] } as unknown as TemplateFile['entities'][number]];
    file.workflows = [];
    file.dashboards = [];
    const refused = await admin.raw('POST', '/api/templates/import', upload(file));
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toContain('broken_order');
    expect((await admin.get('/api/entities')).body.items.map((entity: { key: string }) => entity.key)).not.toContain('broken_customer');
    expect((await admin.get('/api/templates')).body.items.map((item: { key: string }) => item.key)).not.toContain('broken-shop');
  });
});
