/**
 * Public forms on the running app: a visitor without a session submits, the record is written
 * through the record service as the public-form user with only the form's fields; what a
 * visitor may not do is refused (an extra field, a closed, full or switched-off form, too many
 * submissions from one address) and writes nothing; the admin API is for admins only. And a
 * script's first API token from the command line's function.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@/lib/config';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { createTokenForUser } from '@/lib/auth/token-command';
import { PUBLIC_FORM_USER_EMAIL } from '@/lib/public-forms/public-form-user';
import { ADMIN, ApiClient, adminTokenClient, eventually, uniqueName } from '../support/http';
import { newPerson } from '../support/people';
import { ObjectId } from 'mongodb';
import { getEntity } from '@/lib/entities/entity.service';
import { translator } from '@/lib/i18n/messages';
import { accessSnapshot } from '@/lib/permissions/access.snapshot';
import { PublicFormAccess } from '@/lib/permissions/public-form-access';
import { prepareRecordData } from '@/lib/records/record.validation';
import type { Actor } from '@/lib/users/user.types';

let admin: ApiClient;
/** A visitor: no cookie, no token. */
const visitor = new ApiClient({}, 'en');
const label = (text: string) => ({ 'zh-CN': `${text}（中文）`, en: text });

/** Each test submits from an address of its own, so the rate limit of one never touches another. */
function fromAddress(): Record<string, string> {
  return { 'x-forwarded-for': `10.${[1, 2, 3].map(() => randomBytes(1)[0]).join('.')}` };
}

async function newForm(extra: Record<string, unknown> = {}) {
  const created = await admin.post('/api/public-forms', {
    key: `t-${randomBytes(5).toString('hex')}`,
    entity: 'lead',
    fields: ['name', 'company', 'email', 'notes'],
    title: label('Tell us about you'),
    thankYou: label('Thanks, we will call you'),
    enabled: true,
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { key: string; slug: string; path: string; version: number; submissions: number };
}

async function leadsNamed(name: string) {
  return (await recordCollection('lead')).find({ name }).toArray();
}

beforeAll(async () => {
  admin = await adminTokenClient();
});
afterAll(closeMongo);

describe('public form submissions', () => {
  it('creates the record without a session, as the public-form user, with the definition’s defaults', async () => {
    const form = await newForm();
    expect(form.path).toBe(`/f/${form.slug}`);
    expect(form.slug).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const name = uniqueName('Visitor');
    const answer = await visitor.post(`/api/forms/${form.slug}`, { values: { name, company: 'Visitor Co', email: 'v@example.com', notes: 'call me' } }, fromAddress());
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toEqual({ message: 'Thanks, we will call you' });

    const [lead] = await leadsNamed(name);
    const user = await (await collection('users')).findOne({ email: PUBLIC_FORM_USER_EMAIL });
    expect(user).toMatchObject({ active: false, roles: [] });
    expect(lead).toMatchObject({ company: 'Visitor Co', email: 'v@example.com', notes: 'call me', status: 'new', _createdBy: user!._id.toHexString() });
    expect((await admin.get(`/api/public-forms/${form.key}`)).body.submissions).toBe(1);
    // The owner field's "$me" default names nobody for a visitor: it stays empty for the pack's round robin.
    expect(lead.owner).toBeUndefined();
  });

  it('triggers the entity’s workflows: the sales pack’s round robin assigns the lead to a sales rep', async () => {
    await newPerson(admin, ['sales_rep']);
    const form = await newForm();
    const name = uniqueName('Assigned');
    expect((await visitor.post(`/api/forms/${form.slug}`, { values: { name, company: 'Round Robin Co' } }, fromAddress())).status).toBe(201);
    const owner = await eventually(async () => (await leadsNamed(name))[0]?.owner as string | undefined, 'the round robin to assign the lead');
    const users = (await admin.get('/api/users')).body.items as { id: string; roles: string[] }[];
    expect(users.find((user) => user.id === owner)?.roles).toContain('sales_rep');
    expect((await leadsNamed(name))[0]._ownerId).toBe(owner);
  });

  it('answers the form’s thank-you message in the visitor’s language', async () => {
    const form = await newForm();
    const answer = await new ApiClient({}, 'zh-CN').post(`/api/forms/${form.slug}`, { values: { name: uniqueName('访客'), company: '访客公司' } }, fromAddress());
    expect(answer.status).toBe(201);
    expect(answer.body.message).toBe('Thanks, we will call you（中文）');
  });

  it('refuses a value for a field the form does not ask (400) and writes nothing', async () => {
    const form = await newForm();
    const name = uniqueName('Sneaky');
    for (const body of [
      JSON.stringify({ values: { name, company: 'Co', owner: 'a'.repeat(24) } }),
      JSON.stringify({ values: { name, company: 'Co', status: 'converted' } }),
      `{"values":{"name":${JSON.stringify(name)},"company":"Co","__proto__":{"status":"converted"}}}`,
    ]) {
      const answer = await visitor.post(`/api/forms/${form.slug}`, body, fromAddress());
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    }
    const extra = await visitor.post(`/api/forms/${form.slug}`, { values: { name, company: 'Co', estimatedAmount: '100' } }, fromAddress());
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatchObject({ code: 'field_not_on_form' });
    expect(extra.body.error.fields.estimatedAmount).toHaveLength(1);
    const unknownTop = await visitor.post(`/api/forms/${form.slug}`, { values: { name, company: 'Co' }, ownerId: 'x' }, fromAddress());
    expect(unknownTop.status).toBe(400);
    expect(await leadsNamed(name)).toHaveLength(0);
    expect((await admin.get(`/api/public-forms/${form.key}`)).body.submissions).toBe(0);
  });

  it('shows validation errors per field in the visitor’s language', async () => {
    const form = await newForm();
    const answer = await new ApiClient({}, 'zh-CN').post(`/api/forms/${form.slug}`, { values: { name: uniqueName('NoCompany'), email: 'not an email' } }, fromAddress());
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.error.fields).sort()).toEqual(['company', 'email']);
    expect(answer.body.error.fields.company.join('')).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers a filled trap field like a success and writes nothing', async () => {
    const form = await newForm();
    const name = uniqueName('Robot');
    const answer = await visitor.post(`/api/forms/${form.slug}`, { values: { name, company: 'Bots Inc' }, homepage: 'http://spam.example' }, fromAddress());
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ message: 'Thanks, we will call you' });
    expect(await leadsNamed(name)).toHaveLength(0);
  });

  it('answers a closed, not yet open, full or switched-off form with a 4xx message and writes nothing', async () => {
    const closed = await newForm({ opensAt: '2020-01-01T00:00:00Z', closesAt: '2020-02-01T00:00:00Z' });
    const future = await newForm({ opensAt: '2099-01-01T00:00:00Z' });
    const name = uniqueName('Late');
    const late = await visitor.post(`/api/forms/${closed.slug}`, { values: { name, company: 'Co' } }, fromAddress());
    expect(late.status).toBe(410);
    expect(late.body.error).toMatchObject({ code: 'form_closed', message: 'This form is closed: it no longer takes submissions.' });
    const early = await visitor.post(`/api/forms/${future.slug}`, { values: { name, company: 'Co' } }, fromAddress());
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('form_not_open');

    const limited = await newForm({ submissionLimit: 2 });
    const address = fromAddress();
    for (let index = 0; index < 2; index += 1) {
      expect((await visitor.post(`/api/forms/${limited.slug}`, { values: { name: uniqueName('First'), company: 'Co' } }, address)).status).toBe(201);
    }
    const full = await visitor.post(`/api/forms/${limited.slug}`, { values: { name, company: 'Co' } }, address);
    expect(full.status).toBe(410);
    expect(full.body.error.code).toBe('form_full');
    expect((await admin.get(`/api/public-forms/${limited.key}`)).body.submissions).toBe(2);

    const current = (await admin.get(`/api/public-forms/${limited.key}`)).body;
    const { slug: _s, path: _p, submissions: _c, updatedAt: _a, updatedBy: _b, version: _v, ...definition } = current;
    const off = await admin.put(`/api/public-forms/${limited.key}`, { ...definition, submissionLimit: null, enabled: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.version).toBe(2);
    const disabled = await visitor.post(`/api/forms/${limited.slug}`, { values: { name, company: 'Co' } }, address);
    expect(disabled.status).toBe(410);
    expect(disabled.body.error.code).toBe('form_disabled');
    expect(await leadsNamed(name)).toHaveLength(0);
  });

  it('answers an unknown or revoked link with 404', async () => {
    expect((await visitor.post(`/api/forms/${'A'.repeat(24)}`, { values: {} }, fromAddress())).status).toBe(404);
    expect((await visitor.post('/api/forms/short', { values: {} }, fromAddress())).status).toBe(404);
    const form = await newForm();
    const renewed = await admin.post(`/api/public-forms/${form.key}/link`, {});
    expect(renewed.status).toBe(200);
    expect(renewed.body.slug).not.toBe(form.slug);
    expect((await visitor.post(`/api/forms/${form.slug}`, { values: { name: uniqueName('Old link'), company: 'Co' } }, fromAddress())).status).toBe(404);
    expect((await visitor.post(`/api/forms/${renewed.body.slug}`, { values: { name: uniqueName('New link'), company: 'Co' } }, fromAddress())).status).toBe(201);
  });

  it('limits submissions per address: a 429 in the visitor’s language after the allowed number', async () => {
    const form = await newForm();
    const address = fromAddress();
    for (let index = 0; index < config.publicFormRate; index += 1) {
      const answer = await visitor.post(`/api/forms/${form.slug}`, { values: { name: uniqueName('Rate'), company: 'Co' } }, address);
      expect(answer.status).toBe(201);
    }
    const name = uniqueName('Too many');
    const refused = await new ApiClient({}, 'zh-CN').post(`/api/forms/${form.slug}`, { values: { name, company: 'Co' } }, address);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(/提交次数过多/);
    expect(await leadsNamed(name)).toHaveLength(0);
    // Another address is not affected.
    expect((await visitor.post(`/api/forms/${form.slug}`, { values: { name: uniqueName('Other'), company: 'Co' } }, fromAddress())).status).toBe(201);
  });

  it('refuses a body over the size limit (413) and a body that is not JSON (415)', async () => {
    const form = await newForm();
    const big = await visitor.post(`/api/forms/${form.slug}`, { values: { name: 'x', company: 'Co', notes: 'y'.repeat(70 * 1024) } }, fromAddress());
    expect(big.status).toBe(413);
    const response = await fetch(`${process.env.SALESFLOW_BASE_URL ?? 'http://127.0.0.1:3100'}/api/forms/${form.slug}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...fromAddress() }, body: 'name=x' });
    expect(response.status).toBe(415);
  });
});

describe('the public-form user’s rights (lib/permissions) in the record service', () => {
  it('writes only the form’s fields; the definition’s defaults fill the rest', async () => {
    const lead = await getEntity('lead');
    const id = new ObjectId().toHexString();
    const actor: Actor = { id, email: PUBLIC_FORM_USER_EMAIL, name: 'Public form', roles: [], departmentId: null, via: 'publicForm', access: new PublicFormAccess({ id, departmentId: null }, await accessSnapshot(), { entity: 'lead', fields: ['name', 'company', 'email'] }) };
    const data = await prepareRecordData(lead, { name: 'Wang', company: 'Acme', email: 'w@example.cn' }, { actor, t: translator('en'), before: null });
    expect(data).toEqual({ name: 'Wang', company: 'Acme', email: 'w@example.cn', status: 'new' });
    // Even were a value to slip past the route's check, a field off the form keeps what the definition gives it.
    const sneaky = await prepareRecordData(lead, { name: 'Wang', company: 'Acme', status: 'converted', notes: 'x' }, { actor, t: translator('en'), before: null });
    expect(sneaky).toEqual({ name: 'Wang', company: 'Acme', status: 'new' });
  });
});

describe('public form definitions', () => {
  it('are checked completely: unknown fields, fields a visitor may not fill, required fields left out', async () => {
    const base = { entity: 'lead', title: label('T'), thankYou: label('Thanks'), enabled: true };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, fields: ['name', 'company', 'nope'] }, /field "nope" is not a field of lead/],
      [{ ...base, fields: ['name', 'company', 'owner'] }, /field "owner" \(user\) cannot be offered/],
      [{ ...base, fields: ['name', 'company', 'campaign'] }, /field "campaign" \(relation\) cannot be offered/],
      [{ ...base, fields: ['name'] }, /field "company" is required and has no default/],
      [{ ...base, fields: ['name', 'company'], surprise: true }, /unknown property "surprise"/],
      [{ ...base, fields: ['name', 'company'], opensAt: '2030-01-01T00:00:00Z', closesAt: '2029-01-01T00:00:00Z' }, /closesAt must come after opensAt/],
      [{ ...base, entity: 'no_such_entity', fields: ['name'] }, /entity "no_such_entity" does not exist/],
      [{ ...base, fields: ['name', 'company'], title: { en: 'only English' } }, /title needs its zh-CN text/],
    ];
    for (const [body, problem] of cases) {
      const answer = await admin.post('/api/public-forms', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.problems.join('\n')).toMatch(problem);
    }
  });

  it('the sales pack ships the contact-us lead form, enabled', async () => {
    const list = await admin.get('/api/public-forms?entity=lead');
    expect(list.status).toBe(200);
    const contact = list.body.items.find((item: { key: string }) => item.key === 'contact-us');
    expect(contact).toMatchObject({ entity: 'lead', enabled: true, template: 'sales-crm', title: { 'zh-CN': '联系我们', en: 'Contact us' } });
    expect(contact.fields).toEqual(expect.arrayContaining(['name', 'company', 'phone', 'email']));
  });

  it('the admin API is for admins: others get 403, nobody signed in 401', async () => {
    const rep = await newPerson(admin, ['sales_rep']);
    const manager = await newPerson(admin, ['manager']);
    for (const client of [rep.client, manager.client]) {
      expect((await client.get('/api/public-forms')).status).toBe(403);
      expect((await client.get('/api/public-forms/contact-us')).status).toBe(403);
      expect((await client.post('/api/public-forms', { entity: 'lead' })).status).toBe(403);
      expect((await client.put('/api/public-forms/contact-us', { enabled: false })).status).toBe(403);
      expect((await client.post('/api/public-forms/contact-us/link', {})).status).toBe(403);
    }
    expect((await visitor.get('/api/public-forms')).status).toBe(401);
    expect((await visitor.post('/api/public-forms/contact-us/link', {})).status).toBe(401);
    expect((await admin.get('/api/public-forms/contact-us')).body.enabled).toBe(true);
  });
});

describe('a script’s first API token', () => {
  it('./salesflow token create’s function issues a token that works against /api/me', async () => {
    const person = await newPerson(admin, ['sales_rep']);
    const { token, apiToken } = await createTokenForUser({ email: person.email.toUpperCase(), name: 'nightly sync', expiresInDays: 30 });
    expect(apiToken).toMatchObject({ name: 'nightly sync', userId: person.id, readOnly: false });
    expect(new Date(apiToken.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const me = await new ApiClient({ token }).get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: person.id, email: person.email });
  });

  it('scripts/token.ts prints the token alone on standard output', async () => {
    const person = await newPerson(admin, ['sales_rep']);
    const run = promisify(execFile);
    const { stdout, stderr } = await run('npx', ['--no-install', 'tsx', 'scripts/token.ts', 'create', '--user', person.email, '--name', 'cli test', '--expires', '7'], { env: { ...process.env, SALESFLOW_LOG_LEVEL: 'error' } });
    const token = stdout.trim();
    expect(token).toMatch(/^sf_[A-Za-z0-9_-]{20,}$/);
    expect(stderr).toContain('token "cli test"');
    expect((await new ApiClient({ token }).get('/api/me')).body.user).toMatchObject({ id: person.id });
    await expect(run('npx', ['--no-install', 'tsx', 'scripts/token.ts', 'create'], { env: process.env })).rejects.toMatchObject({ code: 2 });
  }, 60_000);

  it('refuses an unknown or inactive user, and an expired token authenticates nothing', async () => {
    await expect(createTokenForUser({ email: 'nobody@test.local' })).rejects.toThrow(/no active user/);
    await expect(createTokenForUser({ email: PUBLIC_FORM_USER_EMAIL })).rejects.toThrow(/no active user/);
    const { token, apiToken } = await createTokenForUser({ email: ADMIN.email, expiresInDays: 1 });
    await (await collection('apiTokens')).updateOne({ _id: new ObjectId(apiToken.id) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await new ApiClient({ token }).get('/api/me')).status).toBe(401);
  });
});
