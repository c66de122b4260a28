import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeMongo } from '@/lib/db/mongo';
import { ApiClient, BASE_URL, adminTokenClient, signIn, uniqueName, type ApiResponse } from '../support/http';
import { TEST_PASSWORD } from '../support/people';

/**
 * The audit log's contents, read back through GET /api/audit: each audited action done
 * through the HTTP API leaves one event saying who did it, what to, from which address and
 * browser, and when. Every request of this file comes from its own address and browser, so
 * the events found can only be this file's.
 */

const RUN = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
// A documentation address (RFC 5737) of this run; the app reads the client address from X-Forwarded-For.
const ADDRESS = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
const BROWSER = `audit-log-test/${RUN}`;
const ORIGIN = { 'x-forwarded-for': ADDRESS, 'user-agent': BROWSER };

interface AuditEvent {
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  actorName: string;
  address: string | null;
  userAgent: string | null;
  target?: { kind: string; id: string; name?: string };
  details?: Record<string, any>;
}

/** A request from this file's address and browser. */
function from(client: ApiClient, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  return client.request(method, path, body, ORIGIN);
}

let admin: ApiClient;
let adminId: string;
let person: { id: string; email: string; name: string };
let personSession: ApiClient;
let tokenId: string;
let started: Date;
let finished: Date;

beforeAll(async () => {
  admin = await adminTokenClient();
  adminId = (await admin.get('/api/me')).body.user.id;
  started = new Date();

  // A new staff member, who first mistypes their password, then signs in.
  const name = uniqueName('Audited');
  const email = `audited-${RUN}@test.local`;
  const created = await from(admin, 'POST', '/api/users', { email, name, roles: ['staff'], password: TEST_PASSWORD, departmentId: null });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  person = { id: created.body.id, email, name };
  expect((await signIn(email, 'not the password', ORIGIN)).error).toBeTruthy();
  expect((await signIn(`nobody-${RUN}@test.local`, TEST_PASSWORD, ORIGIN)).error).toBeTruthy();
  const signedIn = await signIn(email, TEST_PASSWORD, ORIGIN);
  expect(signedIn.cookie, signedIn.error).toBeTruthy();
  personSession = new ApiClient({ cookie: signedIn.cookie });

  // The admin makes them a sales rep, issues them a token and revokes it.
  const promoted = await from(admin, 'PATCH', `/api/users/${person.id}`, { roles: ['sales_rep'] });
  expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
  const issued = await from(admin, 'POST', '/api/tokens', { name: `audit ${RUN}`, userId: person.id });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  tokenId = issued.body.apiToken.id;
  expect((await from(admin, 'DELETE', `/api/tokens/${tokenId}`)).status).toBe(204);

  // The sales rep exports their customers (their new role lets them), then is deactivated.
  expect((await from(personSession, 'GET', '/api/me')).body.user.id).toBe(person.id);
  const download = await fetch(`${BASE_URL}/api/records/customer/export?format=csv&columns=name,source`, { headers: { ...ORIGIN, cookie: signedIn.cookie! } });
  expect(download.status, await download.clone().text()).toBe(200);
  await download.text();
  const deactivated = await from(admin, 'PATCH', `/api/users/${person.id}`, { active: false });
  expect(deactivated.status, JSON.stringify(deactivated.body)).toBe(200);
  finished = new Date();
});
afterAll(closeMongo);

/** This run's events (its address and browser), oldest first. */
async function events(query: Record<string, string> = {}): Promise<AuditEvent[]> {
  const search = new URLSearchParams({ from: started.toISOString(), to: finished.toISOString(), limit: '200', ...query });
  const response = await admin.get(`/api/audit?${search}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.items as AuditEvent[]).filter((event) => event.userAgent === BROWSER).reverse();
}

function expectFromThisRun(event: AuditEvent | undefined): AuditEvent {
  expect(event).toBeDefined();
  expect(event!.address).toBe(ADDRESS);
  expect(event!.userAgent).toBe(BROWSER);
  const at = new Date(event!.at).getTime();
  expect(at).toBeGreaterThanOrEqual(started.getTime());
  expect(at).toBeLessThanOrEqual(finished.getTime());
  return event!;
}

describe('the audit log records who did what, to what, from where and when', () => {
  it('records failed and successful sign-ins, with the email named', async () => {
    const signins = await events({ action: 'signin' });
    expect(signins.map((event) => event.action)).toEqual(['signin.failed', 'signin.failed', 'signin.succeeded']);
    const [wrongPassword, unknownEmail, succeeded] = signins.map(expectFromThisRun);
    expect(wrongPassword).toMatchObject({ actorId: person.id, actorName: person.name, details: { email: person.email } });
    expect(unknownEmail).toMatchObject({ actorId: null, details: { email: `nobody-${RUN}@test.local` } });
    expect(succeeded).toMatchObject({ actorId: person.id, actorName: person.name });
  });

  it('records the user created, their role changed and their deactivation, before and after', async () => {
    const changes = await events({ action: 'user' });
    expect(changes.map((event) => event.action)).toEqual(['user.created', 'user.updated', 'user.updated']);
    const [created, promoted, deactivated] = changes.map(expectFromThisRun);
    for (const event of changes) expect(event).toMatchObject({ actorId: adminId, target: { kind: 'user', id: person.id, name: person.email } });
    expect(created.details).toMatchObject({ roles: ['staff'], active: true });
    expect(promoted.details).toEqual({ roles: { before: ['staff'], after: ['sales_rep'] } });
    expect(deactivated.details).toEqual({ active: { before: true, after: false } });
  });

  it('records a token issued and revoked, naming whose it is', async () => {
    const tokens = await events({ action: 'token' });
    expect(tokens.map((event) => event.action)).toEqual(['token.issued', 'token.revoked']);
    for (const event of tokens.map(expectFromThisRun)) {
      expect(event).toMatchObject({ actorId: adminId, target: { kind: 'token', id: tokenId, name: `audit ${RUN}` }, details: { userId: person.id } });
    }
  });

  it('records an export: by whom, of which entity and which columns', async () => {
    const [exported, ...more] = await events({ action: 'records.exported' });
    expect(more).toEqual([]);
    expect(expectFromThisRun(exported)).toMatchObject({ actorId: person.id, actorName: person.name, target: { kind: 'entity', id: 'customer' }, details: { format: 'csv', columns: ['name', 'source'] } });
  });

  it('filters by person and by period', async () => {
    const byPerson = await events({ actorId: person.id });
    expect(byPerson.map((event) => event.action)).toEqual(['signin.failed', 'signin.succeeded', 'records.exported']);
    const byAdmin = await events({ actorId: adminId });
    expect(byAdmin.every((event) => event.actorId === adminId)).toBe(true);
    expect(byAdmin.map((event) => event.action)).toEqual(['user.created', 'user.updated', 'token.issued', 'token.revoked', 'user.updated']);
    // Before the run began, none of its events.
    expect(await events({ from: new Date(started.getTime() - 3_600_000).toISOString(), to: new Date(started.getTime() - 1).toISOString() })).toEqual([]);
    expect((await admin.get('/api/audit?action=nonsense')).status).toBe(400);
    expect((await admin.get('/api/audit?from=yesterday-ish')).status).toBe(400);
  });

  it('records records handed to another owner: by whom, which entity, to whom, which ones', async () => {
    const since = new Date();
    const customer = await admin.post('/api/records/customer', { name: uniqueName('Transferred') });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const moved = await from(admin, 'POST', '/api/records/customer/bulk', { action: 'transfer', ids: [customer.body.id], ownerId: adminId });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.succeeded).toEqual([customer.body.id]);
    const search = new URLSearchParams({ action: 'records.transferred', from: since.toISOString(), to: new Date().toISOString(), limit: '50' });
    const found = ((await admin.get(`/api/audit?${search}`)).body.items as AuditEvent[]).filter((event) => event.userAgent === BROWSER);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ actorId: adminId, address: ADDRESS, target: { kind: 'entity', id: 'customer' }, details: { ownerId: adminId, ids: [customer.body.id], count: 1 } });
  });

  it('is shown to admins only', async () => {
    // A fresh staff member (the one above is deactivated by now).
    const email = `audit-reader-${RUN}@test.local`;
    expect((await admin.post('/api/users', { email, name: uniqueName('Reader'), roles: ['sales_rep'], password: TEST_PASSWORD, departmentId: null })).status).toBe(201);
    const { cookie } = await signIn(email, TEST_PASSWORD);
    const reader = new ApiClient({ cookie });
    expect((await reader.get('/api/me')).status).toBe(200);
    const refused = await reader.get(`/api/audit?actorId=${person.id}`);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(person.email);
  });
});
