import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { runImport } from '@/lib/imports/import.runner';
import { adminTokenClient, eventually, sessionClient, type ApiClient } from '../support/http';

/** Two entities of our own: companies, and contacts that point at them, with a unique email. */
const suffix = Date.now().toString(36);
const companyKey = `it_imp_company_${suffix}`;
const contactKey = `it_imp_contact_${suffix}`;
const label = (en: string, zh = en) => ({ 'zh-CN': zh, en });
const companyDef: EntityDefinition = {
  key: companyKey,
  version: 0,
  label: label('Company', '公司'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name', '名称'), required: true },
    { key: 'code', type: 'text', label: label('Code', '编码'), unique: true },
  ],
  listView: { columns: ['name', 'code'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};
const contactDef: EntityDefinition = {
  key: contactKey,
  version: 0,
  label: label('Contact', '联系人'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name', '姓名'), required: true },
    { key: 'email', type: 'email', label: label('Email', '邮箱'), unique: true },
    { key: 'phone', type: 'phone', label: label('Phone', '电话') },
    { key: 'company', type: 'relation', label: label('Company', '公司'), relation: { entity: companyKey } },
    { key: 'amount', type: 'money', label: label('Amount', '金额'), currency: 'CNY' },
    { key: 'signedOn', type: 'date', label: label('Signed on', '签约日期') },
    { key: 'score', type: 'number', label: label('Score', '评分') },
    {
      key: 'level',
      type: 'select',
      label: label('Level', '级别'),
      options: [
        { value: 'high', label: label('High', '高') },
        { value: 'low', label: label('Low', '低') },
      ],
    },
    { key: 'owner', type: 'user', label: label('Owner', '负责人') },
  ],
  listView: { columns: ['name', 'email'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

let api: ApiClient;
let adminId: string;
const companies: Record<string, string> = {};

async function publish(def: EntityDefinition) {
  const draft = await api.put(`/api/entities/${def.key}/draft`, def);
  expect(draft.status, JSON.stringify(draft.body)).toBe(200);
  const published = await api.post(`/api/entities/${def.key}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(200);
}

async function upload(client: ApiClient, entity: string, bytes: Uint8Array, fileName: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  const response = await client.raw('POST', `/api/imports/${entity}`, form);
  const body = (await response.json()) as any;
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function finished(client: ApiClient, id: string, status: string) {
  return eventually(async () => {
    const { body } = await client.get(`/api/imports/${id}`);
    if (body.status === 'failed' && status !== 'failed') throw new Error(`import failed: ${body.error}`);
    return body.status === status ? body : undefined;
  }, `import ${id} ${status}`, 60_000);
}

async function failedRows(client: ApiClient, id: string): Promise<string[][]> {
  const response = await client.raw('GET', `/api/imports/${id}/failed-rows?format=csv`);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return Papa.parse<string[]>(new TextDecoder().decode(bytes.slice(3)), { skipEmptyLines: true }).data;
}

async function contactsByEmail(): Promise<Map<string, any>> {
  const docs = await (await recordCollection(contactKey)).find({}).toArray();
  return new Map(docs.map((doc) => [String(doc.email ?? doc.name), doc]));
}

beforeAll(async () => {
  api = await adminTokenClient();
  adminId = (await api.get('/api/me')).body.user.id;
  await publish(companyDef);
  await publish(contactDef);
  for (const [name, code] of [['Acme 上海', 'C-001'], ['北京星辰科技', 'C-002'], ['Twin', 'T-1'], ['Twin', 'T-2']]) {
    const created = await api.post(`/api/records/${companyKey}`, { name, code });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    companies[code] = created.body.id;
  }
  const existing = await api.post(`/api/records/${contactKey}`, { name: '李四', email: 'li@example.cn', amount: 500, level: 'low' });
  expect(existing.status, JSON.stringify(existing.body)).toBe(201);
});
afterAll(closeMongo);

describe('a GBK CSV with Chinese headers', () => {
  const header = ['姓名', '邮箱', '电话', '公司', '金额', '签约日期', '评分', '级别', '负责人', '备注'];
  const rows = [
    ['张三', 'zhang@example.cn', '138 0013 8000', 'acme上海', '￥1,234.56', '2026/11/25', '1,200', '高', 'admin@test.local', '不导入'],
    ['王五', 'wang@example.cn', '', 'C-002', '2000', '2026-11-26', '7', 'low', '', ''],
    ['张三（重复）', ' ZHANG@example.cn ', '', '', '', '', '', '', '', ''],
    ['李四', 'LI@example.cn', '', '', '999', '', '', '', '', ''],
    ['坏邮箱', 'not-an-email', '', '', '', '', '', '', '', ''],
    ['无名公司', 'nobody@example.cn', '', '不存在的公司', '', '', '', '', '', ''],
    ['坏日期', 'date@example.cn', '', '', '', '2026-13-45', '', '', '', ''],
    ['', 'noname@example.cn', '', '', '', '', '', '', '', ''],
    ['歧义', 'ambiguous@example.cn', '', 'Twin', '', '03/04/2026', '', '', '', ''],
    ['序列日期', 'serial@example.cn', '', 'T-2', '12.5', '46351', '', '', '', ''],
  ];
  let imported: any;

  beforeAll(async () => {
    const csv = [header, ...rows].map((row) => row.map((cell) => (/[,"\s]/.test(cell) ? `"${cell}"` : cell)).join(',')).join('\r\n');
    const zh = api.withLocale('zh-CN');
    imported = await upload(zh, contactKey, iconv.encode(csv, 'gbk'), '联系人.csv');
  });

  it('detects the encoding and maps the Chinese headers to the fields', () => {
    expect(imported).toMatchObject({ format: 'csv', encoding: 'gb18030', status: 'uploaded', columns: header });
    expect(imported.mapping).toEqual(['name', 'email', 'phone', 'company', 'amount', 'signedOn', 'score', 'level', 'owner', null]);
    expect(imported.sample).toHaveLength(rows.length);
    expect(imported.sample[0][0]).toBe('张三');
    expect(imported.dedupe).toEqual({ fields: ['email'], mode: 'skip' });
    expect(imported.fields.map((field: any) => field.key)).toContain('company');
  });

  it('validates every row without writing anything', async () => {
    const before = await (await recordCollection(contactKey)).countDocuments({});
    const started = await api.post(`/api/imports/${imported.id}/validate`, {});
    expect(started.status).toBe(202);
    const validated = await finished(api, imported.id, 'validated');
    expect(validated.preview).toMatchObject({ rows: 10, valid: 5, invalid: 5, duplicatesInFile: 1, matchesExisting: 1, conflicts: 2 });
    expect([...new Set(validated.preview.problems.map((problem: any) => problem.row))]).toEqual([6, 7, 8, 9, 10]);
    expect(await (await recordCollection(contactKey)).countDocuments({})).toBe(before);
  });

  it('imports the valid rows, skips the duplicates and reports each failed row with its reason', async () => {
    expect((await api.post(`/api/imports/${imported.id}/run`, {})).status).toBe(202);
    const done = await finished(api, imported.id, 'done');
    expect(done.counts).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 2, failed: 5, conflicts: 2 });
    expect(done.progress).toEqual({ processed: 10, total: 10 });

    const contacts = await contactsByEmail();
    const zhang = contacts.get('zhang@example.cn');
    expect(zhang).toMatchObject({ name: '张三', phone: '138 0013 8000', company: companies['C-001'], amount: 123456, signedOn: '2026-11-25', score: 1200, level: 'high', owner: adminId, _importId: imported.id });
    expect(contacts.get('wang@example.cn')).toMatchObject({ company: companies['C-002'], amount: 200000, signedOn: '2026-11-26', score: 7, level: 'low' });
    expect(contacts.get('serial@example.cn')).toMatchObject({ company: companies['T-2'], amount: 1250, signedOn: '2026-11-25' });
    expect(contacts.get('li@example.cn')).toMatchObject({ name: '李四', amount: 500 });
    for (const email of ['not-an-email', 'nobody@example.cn', 'date@example.cn', 'noname@example.cn', 'ambiguous@example.cn']) expect(contacts.has(email)).toBe(false);
    const history = await (await collection('auditLog')).findOne({ _id: `${contactKey}:${zhang._id.toHexString()}:1` });
    expect(history?.action).toBe('create');

    const failed = await failedRows(api, imported.id);
    expect(failed[0]).toEqual([...header, 'row', 'error']);
    expect(failed.slice(1).map((row) => row[0])).toEqual(['坏邮箱', '无名公司', '坏日期', '', '歧义']);
    expect(failed.slice(1).map((row) => row[10])).toEqual(['6', '7', '8', '9', '10']);
    const reasons = failed.slice(1).map((row) => row[11]);
    expect(reasons[0]).toContain('邮箱');
    expect(reasons[1]).toContain('找不到与“不存在的公司”对应的公司记录');
    expect(reasons[2]).toContain('2026-13-45');
    expect(reasons[3]).toContain('姓名');
    expect(reasons[4]).toContain('有多条公司记录与“Twin”对应');
    expect(reasons[4]).toContain('03/04/2026');
  });

  it('does not create twice when the job runs again from the start (a crash before its first checkpoint)', async () => {
    const before = await (await recordCollection(contactKey)).countDocuments({});
    await (await collection('imports')).updateOne({ _id: imported.id }, { $set: { status: 'running', 'progress.processed': 0, counts: { created: 0, updated: 0, skipped: 0, failed: 0 }, failedBytes: 0 } });
    await runImport(imported.id);
    const again = (await api.get(`/api/imports/${imported.id}`)).body;
    expect(again.counts).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 2, failed: 5, conflicts: 2 });
    expect(await (await recordCollection(contactKey)).countDocuments({})).toBe(before);
    expect((await failedRows(api, imported.id)).length).toBe(6);
  });

  it('is listed for the entity, newest first', async () => {
    const list = await api.get(`/api/imports?entity=${contactKey}`);
    expect(list.status).toBe(200);
    expect(list.body.items[0].id).toBe(imported.id);
  });
});

describe('an XLSX with dates and money, updating the records it matches, then undone', () => {
  let imported: any;
  let liBefore: any;
  let zhangBefore: any;

  beforeAll(async () => {
    const contacts = await contactsByEmail();
    liBefore = contacts.get('li@example.cn');
    zhangBefore = contacts.get('zhang@example.cn');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Contacts');
    sheet.addRow(['Name', 'E-mail', 'Amount', 'Signed on', 'Company', 'Level']);
    sheet.addRow(['Li Si', 'li@example.cn', 4321.5, new Date(Date.UTC(2026, 10, 20)), 'C-002', 'High']);
    sheet.addRow(['Zhao Liu', 'zhao@example.cn', '¥88,000.00', new Date(Date.UTC(2027, 0, 5)), 'Acme 上海', 'low']);
    sheet.addRow(['Zhang San', 'zhang@example.cn', 0.1 + 0.2, '', '', '']);
    sheet.addRow(['Bad money', 'money@example.cn', '12.345', '', '', '']);
    sheet.getColumn(4).numFmt = 'yyyy-mm-dd';
    const buffer = await workbook.xlsx.writeBuffer();
    imported = await upload(api, contactKey, new Uint8Array(buffer as ArrayBuffer), 'contacts.xlsx');
  });

  it('reads the sheet and takes the mapping and dedupe rule it is given', async () => {
    expect(imported).toMatchObject({ format: 'xlsx', columns: ['Name', 'E-mail', 'Amount', 'Signed on', 'Company', 'Level'] });
    expect(imported.mapping).toEqual(['name', 'email', 'amount', 'signedOn', 'company', 'level']);
    expect(imported.sample[0][3]).toBe('2026-11-20');
    const bad = await api.patch(`/api/imports/${imported.id}`, { mapping: ['name', 'name', null, null, null, null] });
    expect(bad.status).toBe(400);
    const patched = await api.patch(`/api/imports/${imported.id}`, { mapping: ['name', 'email', 'amount', 'signedOn', 'company', 'level'], dedupe: { mode: 'update' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.dedupe).toEqual({ fields: ['email'], mode: 'update' });
  });

  it('updates matched records, creates new ones and fails the bad amount', async () => {
    expect((await api.post(`/api/imports/${imported.id}/run`, {})).status).toBe(202);
    const done = await finished(api, imported.id, 'done');
    expect(done.counts).toEqual({ created: 1, updated: 2, unchanged: 0, skipped: 0, failed: 1, conflicts: 0 });
    const contacts = await contactsByEmail();
    expect(contacts.get('li@example.cn')).toMatchObject({ name: 'Li Si', amount: 432150, signedOn: '2026-11-20', company: companies['C-002'], level: 'high', _version: liBefore._version + 1 });
    expect(contacts.get('zhao@example.cn')).toMatchObject({ amount: 8800000, signedOn: '2027-01-05', company: companies['C-001'], level: 'low' });
    expect(contacts.get('zhang@example.cn')).toMatchObject({ name: 'Zhang San', amount: 30, phone: '138 0013 8000' });
    const failed = await failedRows(api, imported.id);
    expect(failed.slice(1).map((row) => [row[0], row[6]])).toEqual([['Bad money', '5']]);
    expect(failed[1][7]).toContain('12.345');
    const blocked = await api.patch(`/api/imports/${imported.id}`, { dedupe: { mode: 'skip' } });
    expect(blocked.status).toBe(409);
  });

  it('undo removes what it created and puts the updated records back exactly, except one changed since', async () => {
    const zhang = (await contactsByEmail()).get('zhang@example.cn');
    const edited = await api.put(`/api/records/${contactKey}/${zhang._id.toHexString()}`, { name: 'Zhang San (edited)', email: 'zhang@example.cn' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await api.post(`/api/imports/${imported.id}/undo`, {})).status).toBe(202);
    const undone = await finished(api, imported.id, 'undone');
    expect(undone.undo).toMatchObject({ removed: 1, restored: 1, conflicts: 1, conflictIds: [zhang._id.toHexString()] });
    const contacts = await contactsByEmail();
    expect(contacts.has('zhao@example.cn')).toBe(false);
    const li = contacts.get('li@example.cn');
    const data = (doc: any) => Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));
    expect(data(li)).toEqual(data(liBefore));
    expect(li._version).toBe(liBefore._version + 2);
    expect(contacts.get('zhang@example.cn').name).toBe('Zhang San (edited)');
    // The email is free again: a new record may take it.
    expect((await api.post(`/api/records/${contactKey}`, { name: 'Zhao again', email: 'zhao@example.cn' })).status).toBe(201);
    expect(zhangBefore).toBeTruthy();
  });
});

describe('who may import and undo', () => {
  it('lets staff import, and only the importer or an admin undo', async () => {
    const email = `staff-${suffix}@test.local`;
    const staff = await api.post('/api/users', { email, name: 'Staff importer', role: 'staff', password: 'staff-password-1' });
    expect(staff.status, JSON.stringify(staff.body)).toBe(201);
    const other = await api.post('/api/users', { email: `other-${suffix}@test.local`, name: 'Other staff', role: 'staff', password: 'staff-password-1' });
    expect(other.status).toBe(201);
    const client = await sessionClient(email, 'staff-password-1');
    const otherClient = await sessionClient(`other-${suffix}@test.local`, 'staff-password-1');
    const imported = await upload(client, companyKey, new TextEncoder().encode('\ufeffName,Code\nStaff Co,S-1\n'), 'companies.csv');
    expect(imported.encoding).toBe('utf-8');
    expect((await client.post(`/api/imports/${imported.id}/run`, {})).status).toBe(202);
    expect((await finished(client, imported.id, 'done')).counts).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 });
    expect((await otherClient.get(`/api/imports/${imported.id}`)).status).toBe(404);
    expect((await otherClient.post(`/api/imports/${imported.id}/undo`, {})).status).toBe(404);
    expect((await client.post(`/api/imports/${imported.id}/undo`, {})).status).toBe(202);
    expect((await finished(client, imported.id, 'undone')).undo).toMatchObject({ removed: 1 });
  });

  it('refuses what is not CSV or XLSX, in the caller language', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3])]), 'old.xls');
    const response = await api.withLocale('zh-CN').raw('POST', `/api/imports/${contactKey}`, form);
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.message).toContain('只能导入 CSV 和 XLSX');
  });
});
