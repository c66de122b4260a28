import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { closeMongo } from '@/lib/db/mongo';
import { ADMIN, ApiClient, adminTokenClient, BASE_URL, eventually, sessionClient, signIn, uniqueName } from '../support/http';
import { newPerson, TEST_PASSWORD } from '../support/people';

/** The ten findings of the security probe (issue 13), each reproduced against the running app. */
let admin: ApiClient;
let adminSession: ApiClient;

beforeAll(async () => {
  admin = await adminTokenClient();
  adminSession = await sessionClient(ADMIN.email, ADMIN.password);
});
afterAll(closeMongo);

async function upload(client: ApiClient, path: string, name: string, body: Blob, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', body, name);
  const response = await client.raw('POST', path, form);
  return { status: response.status, body: await response.json().catch(() => null) };
}

describe('finding 1: import de-duplication never reads a hidden field', () => {
  it('refuses mapping or matching on the product cost for staff, and does not name it', async () => {
    const staff = await newPerson(admin, ['staff']);
    const csv = new Blob(['sku,cost\nPLC-S7-1200,2450\n'], { type: 'text/csv' });
    const created = await upload(staff.client, '/api/imports/product', 'probe.csv', csv);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.fields.map((field: { key: string }) => field.key)).not.toContain('cost');
    expect(created.body.mapping).toEqual(['sku', null]);
    const mapped = await staff.client.patch(`/api/imports/${created.body.id}`, { mapping: ['sku', 'cost'] });
    expect(mapped.status).toBe(400);
    const matched = await staff.client.patch(`/api/imports/${created.body.id}`, { dedupe: { fields: ['sku', 'cost'], mode: 'skip' } });
    expect(matched.status).toBe(400);
    // A manager, who sees the cost, may match on it.
    const manager = await newPerson(admin, ['manager']);
    const theirs = await upload(manager.client, '/api/imports/product', 'probe.csv', csv);
    expect((await manager.client.patch(`/api/imports/${theirs.body.id}`, { mapping: ['sku', 'cost'], dedupe: { fields: ['sku', 'cost'], mode: 'skip' } })).status).toBe(200);
  });
});

describe('finding 2: an entity action needs the right to change the record', () => {
  it('refuses converting another user’s lead, as a direct edit is refused', async () => {
    const staff = await newPerson(admin, ['staff']);
    const others = await admin.post('/api/records/lead', { name: uniqueName('Lead'), company: uniqueName('Co'), status: 'qualified' });
    expect(others.status, JSON.stringify(others.body)).toBe(201);
    expect((await staff.client.patch(`/api/records/lead/${others.body.id}`, { notes: 'x' })).status).toBe(403);
    expect((await staff.client.post(`/api/records/lead/${others.body.id}/actions/convert`, { version: others.body.version })).status).toBe(403);
  });
});

describe('finding 3: token revocation and the identity cache', () => {
  it('a revoked token never works again, however its first use and the revocation interleave', async () => {
    const me = (await admin.get('/api/me')).body.user;
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const issued = await admin.post('/api/tokens', { name: `race ${attempt}`, userId: me.id });
      const scripted = new ApiClient({ token: issued.body.token });
      const [, revoked] = await Promise.all([scripted.get('/api/me'), admin.delete(`/api/tokens/${issued.body.apiToken.id}`)]);
      expect(revoked.status).toBe(204);
      expect((await scripted.get('/api/me')).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await scripted.get('/api/me')).status).toBe(401);
    }
  });

  it('revoking tokens never fails other people’s requests in flight', async () => {
    const manager = await newPerson(admin, ['manager']);
    const me = (await admin.get('/api/me')).body.user;
    const statuses: number[] = [];
    for (let round = 0; round < 6; round += 1) {
      const issued = await admin.post('/api/tokens', { name: `cache ${round}`, userId: me.id });
      const requests = Array.from({ length: 10 }, () => manager.client.get('/api/me').then((response) => statuses.push(response.status)));
      await Promise.all([...requests, admin.delete(`/api/tokens/${issued.body.apiToken.id}`)]);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });
});

/** A sign-in from a given address, optionally with the browser's cookies (a device cookie). */
async function signInFrom(email: string, password: string, address: string, cookie = ''): Promise<{ ok: boolean; error?: string; cookie: string; ms: number }> {
  const started = performance.now();
  const headers = { 'x-forwarded-for': address };
  const csrf = await fetch(`${BASE_URL}/api/auth/csrf`, { headers });
  const jar = [cookie, ...csrf.headers.getSetCookie().map((line) => line.split(';')[0])].filter(Boolean).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${BASE_URL}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
    redirect: 'manual',
  });
  const set = response.headers.getSetCookie().map((line) => line.split(';')[0]);
  const ok = set.some((pair) => /session-token=.+/.test(pair));
  const body = (await response.json().catch(() => ({ url: '' }))) as { url: string };
  return { ok, error: ok ? undefined : (new URL(body.url || '/', BASE_URL).searchParams.get('error') ?? undefined), cookie: [jar, ...set].filter(Boolean).join('; '), ms: performance.now() - started };
}

describe('finding 4: throttling slows guessing but never locks the owner out', () => {
  it('checks at most the free attempts plus one of a burst of parallel guesses', async () => {
    const user = await newPerson(admin, ['staff']);
    const results = await Promise.all(Array.from({ length: 12 }, () => signInFrom(user.email, 'wrong password 1', '10.13.0.1')));
    const checked = results.filter((result) => result.error === 'invalid').length;
    expect(checked).toBeLessThanOrEqual(6);
    expect(results.filter((result) => result.error?.startsWith('throttled:')).length).toBeGreaterThanOrEqual(6);
  });

  it('lets the owner in from their browser while someone guesses from elsewhere', async () => {
    const user = await newPerson(admin, ['staff']);
    const owner = await signInFrom(user.email, TEST_PASSWORD, '10.13.1.1');
    expect(owner.ok).toBe(true);
    // A guesser on many addresses runs into the account's own limit…
    const guesses = [];
    for (let attempt = 0; attempt < 14; attempt += 1) guesses.push(await signInFrom(user.email, `guess ${attempt}`, `10.13.2.${attempt}`));
    expect(guesses.some((guess) => guess.error?.startsWith('throttled:'))).toBe(true);
    // …but the owner's browser, which signed in before, is never made to wait for it.
    expect((await signInFrom(user.email, TEST_PASSWORD, '10.13.1.1', owner.cookie)).ok).toBe(true);
  });

  it('spends the same work on an unknown email as on a wrong password', async () => {
    const user = await newPerson(admin, ['staff']);
    const known: number[] = [];
    const unknown: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      known.push((await signInFrom(user.email, `wrong ${attempt}`, `10.13.4.${attempt}`)).ms);
      unknown.push((await signInFrom(`nobody-${attempt}-${user.email}`, `wrong ${attempt}`, `10.13.5.${attempt}`)).ms);
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    // Without the dummy comparison an unknown email answered ten times faster.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
  });
});

describe('finding 5: the password policy holds through the API', () => {
  it('refuses eight spaces, "password", "12345678", a megabyte, in the user’s language', async () => {
    for (const password of ['        ', 'password', '12345678', 'x'.repeat(1024 * 1024), '1234567890']) {
      const response = await admin.post('/api/users', { email: `${uniqueName('pw').replace(/\s/g, '-')}@test.local`, name: 'Pw', roles: ['staff'], password });
      expect(response.status).toBe(400);
    }
    const zh = await admin.withLocale('zh-CN').post('/api/users', { email: `${uniqueName('pw').replace(/\s/g, '-')}@test.local`, name: 'Pw', roles: ['staff'], password: 'qwertyuiop' });
    expect(zh.body.error.message).toBe('这个密码太常见了，请换一个更难猜的。');
  });
});

describe('finding 6: session versions', () => {
  it('a password change ends the old cookies', async () => {
    const user = await newPerson(admin, ['staff']);
    const other = await sessionClient(user.email, TEST_PASSWORD);
    expect((await user.client.post('/api/me/password', { current: TEST_PASSWORD, password: 'a brand new passphrase' })).status).toBe(204);
    expect((await other.get('/api/me')).status).toBe(401);
    expect((await user.client.get('/api/me')).status).toBe(401);
    expect((await sessionClient(user.email, 'a brand new passphrase').then((client) => client.get('/api/me'))).status).toBe(200);
  });

  it('signing out ends that cookie for good; "sign out everywhere" ends them all', async () => {
    const user = await newPerson(admin, ['staff']);
    const { cookie } = await signIn(user.email, TEST_PASSWORD);
    const csrf = await fetch(`${BASE_URL}/api/auth/csrf`, { headers: { cookie: cookie! } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const jar = [cookie, ...csrf.headers.getSetCookie().map((line) => line.split(';')[0])].join('; ');
    await fetch(`${BASE_URL}/api/auth/signout`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar }, body: new URLSearchParams({ csrfToken, json: 'true' }), redirect: 'manual' });
    // The copied cookie, replayed after signing out:
    expect((await new ApiClient({ cookie: cookie! }).get('/api/me')).status).toBe(401);
    const second = await sessionClient(user.email, TEST_PASSWORD);
    expect((await user.client.delete('/api/me/sessions')).status).toBe(204);
    expect((await second.get('/api/me')).status).toBe(401);
  });

  it('deactivating and reactivating a user does not revive their old cookies', async () => {
    const user = await newPerson(admin, ['staff']);
    expect((await admin.patch(`/api/users/${user.id}`, { active: false })).status).toBe(200);
    expect((await admin.patch(`/api/users/${user.id}`, { active: true })).status).toBe(200);
    expect((await user.client.get('/api/me')).status).toBe(401);
  });
});

describe('finding 7: JSON only, same origin only, and security headers', () => {
  it('refuses a text/plain body and a change from another origin (another port of the same host)', async () => {
    const plain = await adminSession.request('POST', '/api/records/customer', JSON.stringify({ name: uniqueName('CSRF') }), { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    const elsewhere = new URL(BASE_URL);
    elsewhere.port = String(Number(elsewhere.port) + 1);
    const crossOrigin = await adminSession.post('/api/records/customer', { name: uniqueName('CSRF') }, { origin: elsewhere.origin });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await adminSession.post('/api/records/customer', { name: uniqueName('CSRF') }, { 'sec-fetch-site': 'same-site' });
    expect(crossSite.status).toBe(403);
    expect((await adminSession.post('/api/records/customer', { name: uniqueName('Same origin') }, { origin: new URL(BASE_URL).origin })).status).toBe(201);
  });

  it('sends CSP with frame-ancestors, Referrer-Policy and no-sniff on pages and the API', async () => {
    const page = await fetch(`${BASE_URL}/signin`);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const api = await fetch(`${BASE_URL}/api/me`);
    expect(api.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('finding 8: prototype keys and unknown sort keys', () => {
  it('answers 400, never 500, and never creates a record without its required name', async () => {
    const proto = await admin.request('POST', '/api/records/customer', '{"__proto__":{"name":"x"},"notes":"proto"}');
    expect(proto.status).toBe(400);
    for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      const response = await admin.request('POST', '/api/records/customer', `{"name":"${uniqueName('P')}","${key}":"x"}`);
      expect(response.status, key).toBe(400);
    }
    for (const sort of ['constructor:asc', 'toString:desc', '__proto__:asc', 'nope:asc']) {
      expect((await admin.get(`/api/records/customer?sort=${sort}`)).status, sort).toBe(400);
      expect((await admin.raw('GET', `/api/records/customer/export?sort=${sort}`)).status, sort).toBe(400);
    }
    expect((await admin.raw('GET', '/api/records/customer/export?columns=name,constructor')).status).toBe(400);
    expect((await admin.get(`/api/records/customer?filter=${encodeURIComponent('{"conditions":[],"__proto__":{}}')}`)).status).toBe(400);
  });
});

describe('finding 9: CSV files never carry a live formula', () => {
  it('exports and failed-rows files write =, +, -, @ cells as text', async () => {
    const name = `=HYPERLINK("http://evil.example","${uniqueName('click')}")`;
    const created = await admin.post('/api/records/customer', { name });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const csv = await (await admin.raw('GET', `/api/records/customer/export?format=csv&columns=name&q=${encodeURIComponent(name.slice(12, 30))}`)).text();
    expect(csv).toContain(`"'=HYPERLINK(`);
    expect(csv).not.toMatch(/(^|,|\n)=HYPERLINK/);
    const file = new Blob([`name,industry\n"=1+1",bogus-industry\n`], { type: 'text/csv' });
    const imported = await upload(admin, '/api/imports/customer', 'formula.csv', file);
    expect((await admin.post(`/api/imports/${imported.body.id}/run`, {})).status).toBe(202);
    await eventually(async () => ((await admin.get(`/api/imports/${imported.body.id}`)).body.status === 'done' ? true : undefined), 'the import to finish');
    const failed = await (await admin.raw('GET', `/api/imports/${imported.body.id}/failed-rows?format=csv`)).text();
    expect(failed).toContain("'=1+1");
  });
});

describe('finding 10: uploads are limited while they stream, spreadsheets by what they unpack to', () => {
  it('refuses an attachment past its field’s limit without reading it whole', async () => {
    const key = `it_files_${Date.now().toString(36)}`;
    const label = (en: string) => ({ 'zh-CN': en, en });
    const definition = { key, version: 0, label: label('Files'), displayField: 'name', fields: [{ key: 'name', type: 'text', label: label('Name'), required: true }, { key: 'scan', type: 'attachment', label: label('Scan'), attachment: { maxSizeMB: 1, accept: [], maxFiles: 3 } }], listView: { columns: ['name'], sort: [], pageSize: 20 } };
    expect((await admin.put(`/api/entities/${key}/draft`, definition)).body.problems).toEqual([]);
    expect((await admin.post(`/api/entities/${key}/publish`, {})).status).toBe(200);
    const target = { entity: key, field: { key: 'scan' } };
    const small = await upload(admin, '/api/attachments', 'small.txt', new Blob(['hello']), { entity: key, field: 'scan' });
    expect(small.status, JSON.stringify(small.body)).toBe(201);
    // Someone who may read no record holding it does not get it; its uploader does.
    const rep = await newPerson(admin, ['staff']);
    expect((await rep.client.raw('GET', `/api/attachments/${small.body.id}`)).status).toBe(404);
    expect((await admin.raw('GET', `/api/attachments/${small.body.id}`)).status).toBe(200);
    const limitMb = 1;
    // 60 MB produced lazily: the server answers before the client could have sent it all.
    let sent = 0;
    const boundary = 'probe-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\n${target!.entity}\r\n--${boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\n${target!.field.key}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const chunk = new Uint8Array(1024 * 1024);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(head));
      },
      pull(controller) {
        if (sent >= 60) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const token = (admin as unknown as { auth: { token: string } }).auth.token;
    const response = await fetch(`${BASE_URL}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(60);
    expect(limitMb).toBeGreaterThan(0);
  });

  it('refuses an XLSX with a cell longer than Excel allows, or two million columns, with a clear 400', async () => {
    const zip = async (sheet: string) => {
      const book = new JSZip();
      book.file('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
      book.file('xl/workbook.xml', '<workbook/>');
      book.file('xl/worksheets/sheet1.xml', sheet);
      return new Blob([await book.generateAsync({ type: 'arraybuffer', compression: 'DEFLATE' })]);
    };
    const long = await upload(admin, '/api/imports/customer', 'long.xlsx', await zip(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(300_000)}</t></is></c></row></sheetData></worksheet>`));
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/32767 characters/);
    const wide = await upload(admin, '/api/imports/customer', 'wide.xlsx', await zip('<worksheet><sheetData><row r="1"><c r="CZZZ1"><v>1</v></c></row></sheetData></worksheet>'));
    expect(wide.status).toBe(400);
    expect(wide.body.error.message).toMatch(/16384 columns/);
    // An ordinary workbook still imports.
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('s').addRows([['name'], [uniqueName('Xlsx')]]);
    const ok = await upload(admin, '/api/imports/customer', 'ok.xlsx', new Blob([await workbook.xlsx.writeBuffer()]));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });
});
