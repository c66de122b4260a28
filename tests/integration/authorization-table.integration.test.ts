import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeMongo } from '@/lib/db/mongo';
import { ADMIN, ApiClient, adminTokenClient, sessionClient, uniqueName, type ApiResponse } from '../support/http';
import { newDepartment, newPerson, TEST_PASSWORD } from '../support/people';

/**
 * Every API route × every role preset × own / a colleague's / another department's record →
 * the status it must answer. A route file added under app/api without rows here fails the
 * first test. Statuses are written out by hand: they are the specification, not derived
 * from the code under test.
 */

const PERSONAS = ['admin', 'manager', 'staff', 'rep', 'salesManager', 'director', 'finance', 'warehouse'] as const;
type Persona = (typeof PERSONAS)[number];
const VARIANTS = ['own', 'colleague', 'other'] as const;
type Variant = (typeof VARIANTS)[number];

/** One status for every variant, or one per variant (own, colleague's, other department's). */
type Expected = number | [number, number, number];

interface Ctx {
  persona: Persona;
  client: ApiClient;
  /** A record of the entity owned by the persona / a colleague in their department / someone in another department. */
  record(entity: string, variant: Variant): Promise<{ id: string; version: number }>;
}

interface Row {
  /** "METHOD /api/path" as the route file spells it. */
  route: string;
  /** Whether the row runs once per record variant. */
  variants?: boolean;
  call(ctx: Ctx, variant: Variant): Promise<ApiResponse>;
  expected: Record<Persona, Expected>;
}

const all = (status: number): Record<Persona, Expected> => Object.fromEntries(PERSONAS.map((persona) => [persona, status])) as Record<Persona, Expected>;
const only = (allowed: Partial<Record<Persona, Expected>>, otherwise: Expected = 403): Record<Persona, Expected> => ({ ...Object.fromEntries(PERSONAS.map((persona) => [persona, otherwise])), ...allowed }) as Record<Persona, Expected>;

let admin: ApiClient;
const clients = {} as Record<Persona, ApiClient>;
const ids = {} as Record<Persona | 'mate' | 'westRep', string>;
let east = '';
let west = '';
let filesEntity = '';
const label = (en: string) => ({ 'zh-CN': en, en });
/** The files entity's print template: printing needs read access to the record, changing it the design area. */
const filesSlip = { key: 'slip', label: label('Slip'), title: label('Slip'), fields: ['name'] };

/** A fresh record of an entity owned by someone (made by the admin, then transferred in bulk). */
async function recordOwnedBy(entity: string, ownerId: string): Promise<{ id: string; version: number }> {
  const data: Record<string, unknown> =
    entity === 'lead' ? { name: uniqueName('Lead'), company: uniqueName('Co'), status: 'qualified' } : entity === filesEntity ? { name: uniqueName('File') } : { name: uniqueName('Customer') };
  const created = await admin.post(`/api/records/${entity}`, data);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const moved = await admin.post(`/api/records/${entity}/bulk`, { action: 'transfer', ids: [created.body.id], ownerId });
  expect(moved.body.succeeded, JSON.stringify(moved.body)).toEqual([created.body.id]);
  return { id: created.body.id, version: (await admin.get(`/api/records/${entity}/${created.body.id}`)).body.version };
}

function ownerFor(persona: Persona, variant: Variant): string {
  return variant === 'own' ? ids[persona] : variant === 'colleague' ? ids.mate : ids.westRep;
}

const shared = new Map<string, { id: string; version: number }>();

/** The same record for reads (made once); a fresh one for rows that change or delete it. */
function ctxFor(persona: Persona, fresh: boolean): Ctx {
  return {
    persona,
    client: clients[persona],
    async record(entity, variant) {
      if (fresh) return recordOwnedBy(entity, ownerFor(persona, variant));
      const key = `${entity}:${ownerFor(persona, variant)}`;
      if (!shared.has(key)) shared.set(key, await recordOwnedBy(entity, ownerFor(persona, variant)));
      return shared.get(key)!;
    },
  };
}

async function adminImport(): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([`name\n${uniqueName('Imported')}\n`], { type: 'text/csv' }), 'table.csv');
  const response = await admin.raw('POST', '/api/imports/customer', form);
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.id;
}

async function multipart(client: ApiClient, route: string, fields: Record<string, string>, file: Blob, name: string): Promise<ApiResponse> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', file, name);
  const response = await client.raw('POST', route, form);
  return { status: response.status, body: await response.json().catch(() => null) };
}

const raw = async (client: ApiClient, route: string): Promise<ApiResponse> => {
  const response = await client.raw('GET', route);
  await response.arrayBuffer();
  return { status: response.status, body: null };
};

/** A bulk answer is 200 with each record's outcome: the row's status is 200 when the record went through, else the failure (403/404 as its message says). */
const bulkStatus = (response: ApiResponse): ApiResponse => {
  if (response.status !== 200) return response;
  if (response.body.succeeded.length > 0) return response;
  const message: string = response.body.failed[0]?.message ?? '';
  return { status: /not found|不存在|找不到/i.test(message) ? 404 : 403, body: response.body };
};

const readers = { admin: 200, manager: 200, staff: 200, rep: [200, 404, 404], salesManager: [200, 200, 404], director: 200, finance: 200, warehouse: 403 } as Record<Persona, Expected>;
const customerWriters = { admin: 200, manager: 200, staff: [200, 403, 403], rep: [200, 404, 404], salesManager: [200, 200, 404], director: 200, finance: 403, warehouse: 403 } as Record<Persona, Expected>;
const customerDeleters = { admin: 204, manager: 204, staff: 403, rep: 403, salesManager: [204, 204, 404], director: 204, finance: 403, warehouse: 403 } as Record<Persona, Expected>;
const automation = only({ admin: 200, manager: 200, director: 200 });
const adminOnly = (status: number) => only({ admin: status });
/** Admins and the roles granted the dashboards area (the manager preset, the sales pack's managers and directors). */
const composers = (status: number) => only({ admin: status, manager: status, salesManager: status, director: status });
const customerCharts = only({ admin: 200, manager: 200, staff: 200, rep: 200, salesManager: 200, director: 200, finance: 200 }, 400);
const entityReaders = only({ admin: 200, manager: 200, staff: 200, rep: 200, salesManager: 200, director: 200, finance: 200 });
const importers = only({ admin: 201, manager: 201, staff: 201, salesManager: 201, director: 201 });

const ROWS: Row[] = [
  // Records.
  { route: 'GET /api/records/[entity]', call: ({ client }) => client.get('/api/records/customer'), expected: entityReaders },
  { route: 'POST /api/records/[entity]', call: ({ client }) => client.post('/api/records/customer', { name: uniqueName('Created') }), expected: only({ admin: 201, manager: 201, staff: 201, rep: 201, salesManager: 201, director: 201 }) },
  { route: 'GET /api/records/[entity]/[id]', variants: true, call: async (ctx, v) => ctx.client.get(`/api/records/customer/${(await ctx.record('customer', v)).id}`), expected: readers },
  { route: 'PATCH /api/records/[entity]/[id]', variants: true, call: async (ctx, v) => ctx.client.patch(`/api/records/customer/${(await ctx.record('customer', v)).id}`, { notes: uniqueName('patched') }), expected: customerWriters },
  {
    route: 'PUT /api/records/[entity]/[id]',
    variants: true,
    call: async (ctx, v) => ctx.client.put(`/api/records/customer/${(await ctx.record('customer', v)).id}`, { name: uniqueName('Replaced'), status: 'active' }),
    expected: customerWriters,
  },
  { route: 'DELETE /api/records/[entity]/[id]', variants: true, call: async (ctx, v) => ctx.client.delete(`/api/records/customer/${(await ctx.record('customer', v)).id}`), expected: customerDeleters },
  { route: 'GET /api/records/[entity]/[id]/history', variants: true, call: async (ctx, v) => ctx.client.get(`/api/records/customer/${(await ctx.record('customer', v)).id}/history`), expected: readers },
  { route: 'GET /api/records/[entity]/[id]/related', variants: true, call: async (ctx, v) => ctx.client.get(`/api/records/customer/${(await ctx.record('customer', v)).id}/related`), expected: readers },
  {
    route: 'POST /api/records/[entity]/[id]/restore',
    variants: true,
    call: async (ctx, v) => {
      const { id } = await ctx.record('customer', v);
      expect((await admin.delete(`/api/records/customer/${id}`)).status).toBe(204);
      return ctx.client.post(`/api/records/customer/${id}/restore`, {});
    },
    expected: { ...customerDeleters, admin: 200, manager: 200, salesManager: [200, 200, 404], director: 200 },
  },
  {
    route: 'POST /api/records/[entity]/[id]/actions/[action]',
    variants: true,
    call: async (ctx, v) => {
      const lead = await ctx.record('lead', v);
      return ctx.client.post(`/api/records/lead/${lead.id}/actions/convert`, { version: lead.version });
    },
    expected: { admin: 200, manager: 200, staff: [200, 403, 403], rep: [200, 404, 404], salesManager: [200, 200, 404], director: 200, finance: 403, warehouse: 403 },
  },
  {
    route: 'POST /api/records/[entity]/bulk',
    variants: true,
    call: async (ctx, v) => bulkStatus(await ctx.client.post('/api/records/customer/bulk', { action: 'update', ids: [(await ctx.record('customer', v)).id], data: { notes: 'bulk' } })),
    expected: customerWriters,
  },
  { route: 'GET /api/records/[entity]/export', call: ({ client }) => raw(client, '/api/records/customer/export?format=csv'), expected: entityReaders },
  { route: 'GET /api/records/[entity]/kanban', call: ({ client }) => client.get('/api/records/customer/kanban?field=status'), expected: entityReaders },
  // Saved views: the admin's shared view is seen by readers, changed only by its owner or an admin.
  { route: 'GET /api/views/[entity]', call: ({ client }) => client.get('/api/views/customer'), expected: entityReaders },
  { route: 'POST /api/views/[entity]', call: ({ client }) => client.post('/api/views/customer', { name: uniqueName('View'), kind: 'table', columns: ['name'] }), expected: only({ admin: 201, manager: 201, staff: 201, rep: 201, salesManager: 201, director: 201, finance: 201 }) },
  {
    route: 'PUT /api/views/[entity]/[id]',
    call: async ({ client }) => client.put(`/api/views/customer/${(await admin.post('/api/views/customer', { name: uniqueName('Shared'), kind: 'table', columns: ['name'], shared: true })).body.id}`, { name: uniqueName('Renamed') }),
    expected: only({ admin: 200 }),
  },
  {
    route: 'DELETE /api/views/[entity]/[id]',
    call: async ({ client }) => client.delete(`/api/views/customer/${(await admin.post('/api/views/customer', { name: uniqueName('Shared'), kind: 'table', columns: ['name'], shared: true })).body.id}`),
    expected: only({ admin: 204 }),
  },
  // Attachments: the admin's file in a record they own is read by those who read that record.
  {
    route: 'POST /api/attachments',
    call: ({ client }) => multipart(client, '/api/attachments', { entity: filesEntity, field: 'scan' }, new Blob(['x']), 'x.txt'),
    expected: only({ admin: 201, manager: 201, staff: 201 }),
  },
  {
    route: 'GET /api/attachments/[id]',
    variants: true,
    call: async (ctx, v) => {
      const file = await multipart(admin, '/api/attachments', { entity: filesEntity, field: 'scan' }, new Blob(['x']), 'x.txt');
      const record = await ctx.record(filesEntity, v);
      expect((await admin.patch(`/api/records/${filesEntity}/${record.id}`, { scan: [file.body] })).status).toBe(200);
      return raw(ctx.client, `/api/attachments/${file.body.id}`);
    },
    expected: only({ admin: 200, manager: 200, staff: 200 }, 404),
  },
  // Imports: made by the admin; seen by those who import and may change every record; changed by their maker only.
  { route: 'GET /api/imports', call: ({ client }) => client.get('/api/imports?entity=customer'), expected: only({ admin: 200, manager: 200, staff: 200, salesManager: 200, director: 200 }) },
  { route: 'POST /api/imports/[key]', call: ({ client }) => multipart(client, '/api/imports/customer', {}, new Blob(['name\nx\n'], { type: 'text/csv' }), 't.csv'), expected: importers },
  { route: 'GET /api/imports/[key]', call: async ({ client }) => client.get(`/api/imports/${await adminImport()}`), expected: only({ admin: 200, manager: 200, director: 200 }, 404) },
  { route: 'PATCH /api/imports/[key]', call: async ({ client }) => client.patch(`/api/imports/${await adminImport()}`, { triggerWorkflows: false }), expected: only({ admin: 200, manager: 403, director: 403 }, 404) },
  { route: 'POST /api/imports/[key]/validate', call: async ({ client }) => client.post(`/api/imports/${await adminImport()}/validate`, {}), expected: only({ admin: 202, manager: 403, director: 403 }, 404) },
  { route: 'POST /api/imports/[key]/run', call: async ({ client }) => client.post(`/api/imports/${await adminImport()}/run`, {}), expected: only({ admin: 202, manager: 403, director: 403 }, 404) },
  // Undo needs a finished import: an unfinished one is a 409 for whoever may undo it.
  { route: 'POST /api/imports/[key]/undo', call: async ({ client }) => client.post(`/api/imports/${await adminImport()}/undo`, {}), expected: only({ admin: 409, manager: 403, director: 403 }, 404) },
  { route: 'GET /api/imports/[key]/conflicts', call: async ({ client }) => raw(client, `/api/imports/${await adminImport()}/conflicts?format=csv`), expected: only({ admin: 200, manager: 200, director: 200 }, 404) },
  { route: 'GET /api/imports/[key]/failed-rows', call: async ({ client }) => raw(client, `/api/imports/${await adminImport()}/failed-rows?format=csv`), expected: only({ admin: 200, manager: 200, director: 200 }, 404) },
  // Entities and their designer.
  { route: 'GET /api/entities', call: ({ client }) => client.get('/api/entities'), expected: all(200) },
  { route: 'GET /api/entities/[entity]', call: ({ client }) => client.get('/api/entities/customer'), expected: entityReaders },
  { route: 'GET /api/entities/drafts', call: ({ client }) => client.get('/api/entities/drafts'), expected: adminOnly(200) },
  { route: 'GET /api/entities/overview', call: ({ client }) => client.get('/api/entities/overview'), expected: adminOnly(200) },
  { route: 'GET /api/entities/[entity]/draft', call: ({ client }) => client.get('/api/entities/customer/draft'), expected: adminOnly(200) },
  {
    route: 'PUT /api/entities/[entity]/draft',
    call: async ({ client }) => client.put('/api/entities/customer/draft', (await admin.get('/api/entities/customer/draft')).body.published),
    expected: adminOnly(200),
  },
  { route: 'DELETE /api/entities/[entity]/draft', call: ({ client }) => client.delete('/api/entities/customer/draft'), expected: adminOnly(204) },
  // Without a draft there is nothing to weigh (404) for whoever may publish.
  { route: 'GET /api/entities/[entity]/impact', call: ({ client }) => client.get(`/api/entities/${filesEntity}/impact`), expected: adminOnly(404) },
  // Publishing without a draft finds nothing to publish (404) for whoever may publish.
  { route: 'POST /api/entities/[entity]/publish', call: ({ client }) => client.post(`/api/entities/${filesEntity}/publish`, {}), expected: adminOnly(404) },
  // Print templates: printed by readers of the record (the files entity: admins and the staff and manager presets), designed by admins.
  {
    route: 'GET /api/records/[entity]/[id]/print/[template]',
    variants: true,
    call: async (ctx, v) => ctx.client.get(`/api/records/${filesEntity}/${(await ctx.record(filesEntity, v)).id}/print/slip`),
    expected: only({ admin: 200, manager: 200, staff: 200 }),
  },
  { route: 'PUT /api/entities/[entity]/print-templates/[template]', call: ({ client }) => client.put(`/api/entities/${filesEntity}/print-templates/slip`, filesSlip), expected: adminOnly(200) },
  { route: 'DELETE /api/entities/[entity]/print-templates/[template]', call: ({ client }) => client.delete(`/api/entities/${filesEntity}/print-templates/none`), expected: adminOnly(404) },
  {
    route: 'POST /api/entities/[entity]/print-preview',
    call: async ({ client }) => client.post(`/api/entities/${filesEntity}/print-preview`, { recordId: (await recordOwnedBy(filesEntity, ids.admin)).id, template: filesSlip }),
    expected: adminOnly(200),
  },
  { route: 'GET /api/entities/[entity]/invalid-records', call: ({ client }) => client.get('/api/entities/customer/invalid-records'), expected: automation },
  { route: 'GET /api/entities/[entity]/versions', call: ({ client }) => client.get('/api/entities/customer/versions'), expected: automation },
  { route: 'GET /api/entities/[entity]/versions/[version]', call: ({ client }) => client.get(`/api/entities/${filesEntity}/versions/1`), expected: automation },
  // Dashboards (their numbers are scoped; see permissions.integration.test.ts).
  { route: 'GET /api/dashboards', call: ({ client }) => client.get('/api/dashboards'), expected: all(200) },
  { route: 'GET /api/dashboards/[key]', call: ({ client }) => client.get('/api/dashboards/sales-overview'), expected: all(200) },
  { route: 'POST /api/dashboards', call: ({ client }) => client.post('/api/dashboards', { title: label(uniqueName('Board')), widgets: [] }), expected: composers(201) },
  { route: 'PUT /api/dashboards/[key]', call: ({ client }) => client.put('/api/dashboards/sales-overview', { key: 'another-key' }), expected: composers(400) },
  { route: 'DELETE /api/dashboards/[key]', call: ({ client }) => client.delete('/api/dashboards/no-such-dashboard'), expected: composers(404) },
  { route: 'POST /api/dashboards/[key]/duplicate', call: ({ client }) => client.post('/api/dashboards/sales-overview/duplicate', { title: label(uniqueName('Copy')) }), expected: composers(201) },
  // A widget over an entity the viewer cannot read is refused like an unknown entity (400), never shown.
  { route: 'POST /api/dashboards/query', call: ({ client }) => client.post('/api/dashboards/query', { query: { entity: 'customer', measures: [{ fn: 'count' }] } }), expected: customerCharts },
  { route: 'GET /api/dashboards/[key]/widgets/[id]', call: ({ client }) => client.get('/api/dashboards/sales-overview/widgets/customers-by-source'), expected: customerCharts },
  { route: 'GET /api/dashboards/[key]/widgets/[id]/export', call: ({ client }) => raw(client, '/api/dashboards/sales-overview/widgets/customers-by-source/export?format=csv'), expected: customerCharts },
  { route: 'GET /api/workflow-runs', call: ({ client }) => client.get('/api/workflow-runs'), expected: automation },
  { route: 'GET /api/workflow-runs/[id]', call: ({ client }) => client.get('/api/workflow-runs/no-such-run'), expected: only({ admin: 404, manager: 404, director: 404 }) },
  { route: 'POST /api/workflow-runs/[id]/retry', call: ({ client }) => client.post('/api/workflow-runs/no-such-run/retry', {}), expected: only({ admin: 404, manager: 404, director: 404 }) },
  // Workflows are designed by those who reach the design area; approvals, notifications and counts are everyone's own.
  { route: 'GET /api/workflows', call: ({ client }) => client.get('/api/workflows'), expected: adminOnly(200) },
  { route: 'POST /api/workflows', call: ({ client }) => client.post('/api/workflows', { definition: { key: 'Not a key' } }), expected: adminOnly(400) },
  { route: 'GET /api/workflows/[key]', call: ({ client }) => client.get('/api/workflows/lead-convert'), expected: adminOnly(200) },
  { route: 'PUT /api/workflows/[key]', call: ({ client }) => client.put('/api/workflows/lead-convert', { definition: { key: 'another-key' }, baseVersion: 1 }), expected: adminOnly(400) },
  { route: 'DELETE /api/workflows/[key]', call: ({ client }) => client.delete('/api/workflows/no-such-workflow'), expected: adminOnly(404) },
  { route: 'PUT /api/workflows/[key]/enabled', call: ({ client }) => client.put('/api/workflows/lead-convert/enabled', { enabled: 'yes' }), expected: adminOnly(400) },
  { route: 'GET /api/workflows/[key]/versions', call: ({ client }) => client.get('/api/workflows/lead-convert/versions'), expected: adminOnly(200) },
  { route: 'GET /api/workflows/[key]/versions/[version]', call: ({ client }) => client.get('/api/workflows/lead-convert/versions/1'), expected: adminOnly(200) },
  { route: 'GET /api/workflows/[key]/secret', call: ({ client }) => client.get('/api/workflows/lead-convert/secret'), expected: adminOnly(200) },
  { route: 'POST /api/workflows/[key]/secret', call: ({ client }) => client.post('/api/workflows/lead-convert/secret', {}), expected: adminOnly(200) },
  { route: 'POST /api/workflows/check', call: ({ client }) => client.post('/api/workflows/check', { definition: { key: 'x' } }), expected: adminOnly(200) },
  { route: 'POST /api/workflows/test-run', call: ({ client }) => client.post('/api/workflows/test-run', { definition: { key: 'x' } }), expected: adminOnly(400) },
  { route: 'GET /api/workflows/catalog', call: ({ client }) => client.get('/api/workflows/catalog'), expected: adminOnly(200) },
  { route: 'POST /api/workflows/install', call: ({ client }) => client.post('/api/workflows/install', {}), expected: adminOnly(400) },
  // An inbound webhook's credential is its signature, whoever calls: an unknown workflow is 404 for all.
  { route: 'POST /api/hooks/workflows/[key]', call: ({ client }) => client.post('/api/hooks/workflows/no-such-workflow', {}), expected: all(404) },
  { route: 'GET /api/approvals', call: ({ client }) => client.get('/api/approvals?box=waiting'), expected: all(200) },
  { route: 'GET /api/approvals/[id]', call: ({ client }) => client.get('/api/approvals/no-such-approval'), expected: all(404) },
  { route: 'POST /api/approvals/[id]/decide', call: ({ client }) => client.post('/api/approvals/no-such-approval/decide', { decision: 'approve' }), expected: all(404) },
  { route: 'POST /api/approvals/[id]/withdraw', call: ({ client }) => client.post('/api/approvals/no-such-approval/withdraw', {}), expected: all(404) },
  { route: 'POST /api/approvals/[id]/resubmit', call: ({ client }) => client.post('/api/approvals/no-such-approval/resubmit', {}), expected: all(404) },
  { route: 'GET /api/records/[entity]/[id]/approvals', variants: true, call: async (ctx, v) => ctx.client.get(`/api/records/customer/${(await ctx.record('customer', v)).id}/approvals`), expected: readers },
  { route: 'GET /api/notifications', call: ({ client }) => client.get('/api/notifications'), expected: all(200) },
  { route: 'POST /api/notifications/read', call: ({ client }) => client.post('/api/notifications/read', {}), expected: all(200) },
  { route: 'GET /api/me/counts', call: ({ client }) => client.get('/api/me/counts'), expected: all(200) },
  { route: 'GET /api/me/settings', call: ({ client }) => client.get('/api/me/settings'), expected: all(200) },
  { route: 'PUT /api/me/settings', call: ({ client }) => client.put('/api/me/settings', { emailNotifications: false }), expected: all(200) },
  // Templates.
  { route: 'GET /api/templates', call: ({ client }) => client.get('/api/templates'), expected: adminOnly(200) },
  { route: 'GET /api/templates/[key]', call: ({ client }) => client.get('/api/templates/sales-crm'), expected: adminOnly(200) },
  { route: 'GET /api/templates/[key]/export', call: ({ client }) => raw(client, '/api/templates/sales-crm/export'), expected: adminOnly(200) },
  { route: 'POST /api/templates/[key]/install', call: ({ client }) => client.post('/api/templates/sales-crm/install', {}), expected: adminOnly(200) },
  { route: 'POST /api/templates/[key]/upgrade', call: ({ client }) => client.post('/api/templates/sales-crm/upgrade', {}), expected: adminOnly(200) },
  // Uninstalling a pack that is not installed is refused (409) for whoever may uninstall.
  { route: 'POST /api/templates/[key]/uninstall', call: ({ client }) => client.post('/api/templates/after-sales/uninstall', {}), expected: adminOnly(409) },
  { route: 'POST /api/templates/import', call: ({ client }) => multipart(client, '/api/templates/import', {}, new Blob(['{"format":"nope"}']), 't.json'), expected: adminOnly(400) },
  // People, organization, roles, tokens and the audit log.
  { route: 'GET /api/me', call: ({ client }) => client.get('/api/me'), expected: all(200) },
  { route: 'POST /api/me/password', call: ({ client }) => client.post('/api/me/password', { current: 'not my password', password: 'whatever new passphrase' }), expected: all(400) },
  { route: 'GET /api/users', call: ({ client }) => client.get('/api/users'), expected: adminOnly(200) },
  { route: 'POST /api/users', call: ({ client }) => client.post('/api/users', { email: `${uniqueName('u').replace(/\s/g, '-')}@test.local`, name: 'U', roles: ['staff'], password: TEST_PASSWORD }), expected: adminOnly(201) },
  { route: 'PATCH /api/users/[id]', call: ({ client }) => client.patch(`/api/users/${ids.mate}`, { name: 'Mate' }), expected: adminOnly(200) },
  { route: 'DELETE /api/users/[id]/sessions', call: ({ client }) => client.delete(`/api/users/${ids.westRep}/sessions`), expected: adminOnly(204) },
  { route: 'GET /api/users/lookup', call: ({ client }) => client.get('/api/users/lookup?q=test'), expected: all(200) },
  { route: 'GET /api/departments', call: ({ client }) => client.get('/api/departments'), expected: all(200) },
  { route: 'POST /api/departments', call: ({ client }) => client.post('/api/departments', { name: uniqueName('Dept'), parentId: west }), expected: adminOnly(201) },
  { route: 'PATCH /api/departments/[id]', call: ({ client }) => client.patch(`/api/departments/${west}`, { name: uniqueName('West') }), expected: adminOnly(200) },
  { route: 'DELETE /api/departments/[id]', call: async ({ client }) => client.delete(`/api/departments/${(await admin.post('/api/departments', { name: uniqueName('Gone') })).body.id}`), expected: adminOnly(204) },
  { route: 'GET /api/roles', call: ({ client }) => client.get('/api/roles'), expected: adminOnly(200) },
  { route: 'POST /api/roles', call: ({ client }) => client.post('/api/roles', newRole()), expected: adminOnly(201) },
  { route: 'PUT /api/roles/[key]', call: async ({ client }) => client.put(`/api/roles/${(await admin.post('/api/roles', newRole())).body.key}`, { ...newRole(), key: undefined }), expected: adminOnly(200) },
  { route: 'DELETE /api/roles/[key]', call: async ({ client }) => client.delete(`/api/roles/${(await admin.post('/api/roles', newRole())).body.key}`), expected: adminOnly(204) },
  // Public forms: designed by admins; submitted by anyone, signed in or not (no session needed).
  { route: 'GET /api/public-forms', call: ({ client }) => client.get('/api/public-forms?entity=lead'), expected: adminOnly(200) },
  {
    route: 'POST /api/public-forms',
    call: ({ client }) => client.post('/api/public-forms', { entity: 'lead', fields: ['name', 'company', 'owner'], title: label('T'), thankYou: label('Thanks'), enabled: true }),
    expected: adminOnly(400),
  },
  { route: 'GET /api/public-forms/[key]', call: ({ client }) => client.get('/api/public-forms/contact-us'), expected: adminOnly(200) },
  { route: 'PUT /api/public-forms/[key]', call: ({ client }) => client.put('/api/public-forms/no-such-form', { enabled: false }), expected: adminOnly(404) },
  { route: 'POST /api/public-forms/[key]/link', call: ({ client }) => client.post('/api/public-forms/no-such-form/link', {}), expected: adminOnly(404) },
  { route: 'POST /api/forms/[slug]', call: ({ client }) => client.post(`/api/forms/${'Z'.repeat(24)}`, { values: {} }, { 'x-forwarded-for': '10.250.0.1' }), expected: all(404) },
  { route: 'GET /api/tokens', call: ({ client }) => client.get('/api/tokens'), expected: adminOnly(200) },
  { route: 'POST /api/tokens', call: ({ client }) => client.post('/api/tokens', { name: uniqueName('t') }), expected: adminOnly(201) },
  { route: 'DELETE /api/tokens/[id]', call: async ({ client }) => client.delete(`/api/tokens/${(await admin.post('/api/tokens', { name: uniqueName('t') })).body.apiToken.id}`), expected: adminOnly(204) },
  { route: 'GET /api/audit', call: ({ client }) => client.get('/api/audit?action=signin'), expected: adminOnly(200) },
  // Public: health and next-auth's own endpoints answer everyone alike.
  { route: 'GET /api/health', call: ({ client }) => client.get('/api/health'), expected: all(200) },
  // Metrics answer their own token only (SALESFLOW_METRICS_TOKEN): no session or API token reaches them.
  { route: 'GET /api/metrics', call: ({ client }) => raw(client, '/api/metrics'), expected: all(401) },
  { route: 'GET /api/auth/[...nextauth]', call: ({ client }) => client.get('/api/auth/providers'), expected: all(200) },
  { route: 'POST /api/auth/[...nextauth]', call: ({ client }) => client.request('POST', '/api/auth/_log', '{}'), expected: all(200) },
  // Last: signing out everywhere ends every session of the persona, the table's own included.
  {
    route: 'DELETE /api/me/sessions',
    call: async ({ persona }) => (await sessionClient(persona === 'admin' ? ADMIN.email : emails[persona], persona === 'admin' ? ADMIN.password : TEST_PASSWORD)).delete('/api/me/sessions'),
    expected: all(204),
  },
];

const emails = {} as Record<Persona, string>;
let roleCounter = 0;
function newRole() {
  roleCounter += 1;
  return { key: `table_${Date.now().toString(36)}_${roleCounter}`, name: label('Table role'), system: [], entities: { customer: { actions: { read: true }, readScope: 'own', writeScope: 'own', entityActions: [] } }, fields: {} };
}

/** The route files under app/api and the methods each exports. */
function routeFiles(): string[] {
  const root = path.join(process.cwd(), 'app', 'api');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'route.ts') {
        const source = readFileSync(full, 'utf8');
        const methods = new Set([...source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g), ...source.matchAll(/as (GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1]));
        const route = `/api/${path.relative(root, dir).split(path.sep).join('/')}`.replace(/\/$/, '');
        for (const method of methods) found.push(`${method} ${route}`);
      }
    }
  };
  walk(root);
  return found.sort();
}

beforeAll(async () => {
  admin = await adminTokenClient();
  east = await newDepartment(admin, 'East');
  west = await newDepartment(admin, 'West');
  const me = (await admin.get('/api/me')).body.user;
  ids.admin = me.id;
  expect((await admin.patch(`/api/users/${me.id}`, { departmentId: east })).status).toBe(200);
  clients.admin = await sessionClient(ADMIN.email, ADMIN.password);
  const roles: Record<Exclude<Persona, 'admin'>, string> = { manager: 'manager', staff: 'staff', rep: 'sales_rep', salesManager: 'sales_manager', director: 'sales_director', finance: 'finance', warehouse: 'warehouse' };
  for (const [persona, role] of Object.entries(roles) as [Exclude<Persona, 'admin'>, string][]) {
    const person = await newPerson(admin, [role], { departmentId: east, name: `Table ${persona}` });
    ids[persona] = person.id;
    emails[persona] = person.email;
    clients[persona] = person.client;
  }
  ids.mate = (await newPerson(admin, ['sales_rep'], { departmentId: east, name: 'Table mate' })).id;
  ids.westRep = (await newPerson(admin, ['sales_rep'], { departmentId: west, name: 'Table west' })).id;
  expect((await admin.patch(`/api/departments/${east}`, { managerId: ids.salesManager })).status).toBe(200);
  filesEntity = `it_table_files_${Date.now().toString(36)}`;
  const definition = { key: filesEntity, version: 0, label: label('Files'), displayField: 'name', fields: [{ key: 'name', type: 'text', label: label('Name'), required: true }, { key: 'scan', type: 'attachment', label: label('Scan'), attachment: { maxSizeMB: 1, accept: [], maxFiles: 3 } }], listView: { columns: ['name'], sort: [], pageSize: 20 }, printTemplates: [filesSlip] };
  expect((await admin.put(`/api/entities/${filesEntity}/draft`, definition)).body.problems).toEqual([]);
  expect((await admin.post(`/api/entities/${filesEntity}/publish`, {})).status).toBe(200);
  // Files: the staff and manager presets reach every entity; the sales roles name theirs only.
}, 180_000);
afterAll(closeMongo);

describe('the authorization table', () => {
  it('has rows for every route file and method under app/api, and none for routes that are gone', () => {
    expect([...new Set(ROWS.map((row) => row.route))].sort()).toEqual(routeFiles());
  });

  for (const row of ROWS) {
    it(row.route, async () => {
      const outcomes: string[] = [];
      const wanted: string[] = [];
      for (const persona of PERSONAS) {
        const expected = row.expected[persona];
        for (const [index, variant] of (row.variants ? VARIANTS : (['own'] as const)).entries()) {
          const status = Array.isArray(expected) ? expected[index] : expected;
          const response = await row.call(ctxFor(persona, row.route.startsWith('GET') === false), variant);
          const label = `${persona}${row.variants ? ` ${variant}` : ''}`;
          outcomes.push(`${label} ${response.status}`);
          wanted.push(`${label} ${status}`);
        }
      }
      expect(outcomes).toEqual(wanted);
    }, 180_000);
  }
});

export const TABLE_SIZE = ROWS.reduce((sum, row) => sum + PERSONAS.length * (row.variants ? VARIANTS.length : 1), 0);
