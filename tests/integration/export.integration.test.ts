import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { ObjectId } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { adminTokenClient, uniqueName, type ApiClient } from '../support/http';
import { newPerson } from '../support/people';

/** An entity of its own, published like an admin would, with typed fields and Chinese labels. */
const key = `it_export_${Date.now().toString(36)}`;
const definition: EntityDefinition = {
  key,
  version: 0,
  label: { 'zh-CN': '导出测试', en: 'Export test' },
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: { 'zh-CN': '名称', en: 'Name' }, required: true },
    { key: 'qty', type: 'number', label: { 'zh-CN': '数量', en: 'Quantity' }, precision: 2 },
    { key: 'amount', type: 'money', label: { 'zh-CN': '金额', en: 'Amount' }, currency: 'CNY' },
    { key: 'rate', type: 'percent', label: { 'zh-CN': '比率', en: 'Rate' } },
    { key: 'day', type: 'date', label: { 'zh-CN': '日期', en: 'Day' } },
    { key: 'at', type: 'datetime', label: { 'zh-CN': '时间', en: 'At' } },
    {
      key: 'stage',
      type: 'select',
      label: { 'zh-CN': '阶段', en: 'Stage' },
      options: [
        { value: 'open', label: { 'zh-CN': '进行中', en: 'Open' } },
        { value: 'won', label: { 'zh-CN': '赢单', en: 'Won' } },
      ],
    },
    { key: 'customer', type: 'relation', label: { 'zh-CN': '客户', en: 'Customer' }, relation: { entity: 'customer' } },
    { key: 'secret', type: 'text', label: { 'zh-CN': '内部', en: 'Internal' }, hidden: true },
  ],
  listView: { columns: ['name', 'qty', 'amount', 'stage'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

let api: ApiClient;
let zh: ApiClient;
let customer: { id: string; name: string };
const tag = uniqueName('Export');
const tricky = `${tag} 引号 "quoted", comma\nnew line`;

const filterOf = (conditions: unknown[]) => encodeURIComponent(JSON.stringify({ match: 'all', conditions }));
const byTag = [{ field: 'name', op: 'startsWith', value: tag }];

async function download(client: ApiClient, path: string): Promise<{ response: Response; bytes: Buffer }> {
  const response = await client.raw('GET', path);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

function parseCsv(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

beforeAll(async () => {
  api = await adminTokenClient();
  zh = api.withLocale('zh-CN');
  const draft = await api.put(`/api/entities/${key}/draft`, definition);
  expect(draft.status, JSON.stringify(draft.body)).toBe(200);
  const published = await api.post(`/api/entities/${key}/publish`, { confirm: false });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  const name = uniqueName('导出客户');
  customer = { id: (await api.post('/api/records/customer', { name })).body.id, name };
  const rows = [
    { name: `${tag} A`, qty: 3.5, amount: 123456, rate: 15, day: '2026-03-01', at: '2026-03-01T08:30:00.000Z', stage: 'won', customer: customer.id, secret: 'x' },
    { name: `${tag} B`, qty: 10, amount: 99, rate: 50, day: '2026-01-15', stage: 'open' },
    { name: `${tag} C`, qty: 7.25, amount: 500000, day: '2026-02-10', stage: 'won', customer: customer.id },
    { name: tricky, qty: 1, stage: 'won' },
    { name: `${tag} D`, qty: 2, stage: 'open' },
  ];
  for (const row of rows) {
    const created = await api.post(`/api/records/${key}`, row);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
});
afterAll(closeMongo);

describe('exporting a list view', () => {
  it('streams CSV with a BOM, Chinese labels, and the rows the list API shows for the same filter, sort and keyword', async () => {
    const params = `filter=${filterOf([...byTag, { field: 'stage', op: 'anyOf', value: ['won'] }])}&sort=qty:desc&columns=name,qty,amount,rate,day,stage,customer`;
    const { response, bytes } = await download(zh, `/api/records/${key}/export?format=csv&${params}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="it_export_[a-z0-9]+-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toMatch(/^导出测试-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');

    const [header, ...rows] = parseCsv(bytes);
    expect(header).toEqual(['名称', '数量', '金额', '比率', '日期', '阶段', '客户']);
    const list = await zh.get(`/api/records/${key}?pageSize=200&${params}`);
    expect(list.status).toBe(200);
    expect(rows.map((row) => row[0])).toEqual(list.body.items.map((item: any) => item.data.name));
    expect(rows.map((row) => row[0])).toEqual([`${tag} C`, `${tag} A`, tricky]);
    // Cells are what an import reads back: numbers as plain decimals (no separators), options and relations by name.
    expect(rows[1]).toEqual([`${tag} A`, '3.50', '1234.56', '15', '2026-03-01', '赢单', customer.name]);
    expect(rows[0].slice(1, 3)).toEqual(['7.25', '5000.00']);
    expect(rows[2]).toEqual([tricky, '1.00', '', '', '', '赢单', '']);
  });

  it('exports in the English labels for an English reader, with the keyword, and refuses a hidden field', async () => {
    const hidden = await api.get(`/api/records/${key}/export?format=csv&columns=name,stage,secret,createdAt`);
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.message).toBe('Cannot export secret: not a field you may read.');
    const { bytes } = await download(api, `/api/records/${key}/export?format=csv&q=${encodeURIComponent(`${tag} B`)}&columns=name,stage,createdAt`);
    const [header, ...rows] = parseCsv(bytes);
    expect(header).toEqual(['Name', 'Stage', 'Created']);
    expect(rows).toHaveLength(1);
    expect(rows[0].slice(0, 2)).toEqual([`${tag} B`, 'Open']);
    expect(rows[0][2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it('uses the list view columns when none are given, and refuses a bad format or an unknown column', async () => {
    const { bytes } = await download(zh, `/api/records/${key}/export?filter=${filterOf(byTag)}`);
    const [header, ...rows] = parseCsv(bytes);
    expect(header).toEqual(['名称', '数量', '金额', '阶段']);
    expect(rows).toHaveLength(5);
    const pdf = await zh.get(`/api/records/${key}/export?format=pdf`);
    expect(pdf.status).toBe(400);
    const unknown = await api.get(`/api/records/${key}/export?columns=name,nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('nope');
    const badSort = await api.get(`/api/records/${key}/export?sort=customer:asc`);
    expect(badSort.status).toBe(400);
  });

  it('writes XLSX that exceljs reads back with numbers, money in yuan, dates as dates and labels as text', async () => {
    const params = `filter=${filterOf([...byTag, { field: 'stage', op: 'anyOf', value: ['won'] }])}&sort=qty:desc&columns=name,qty,amount,rate,day,at,stage,customer`;
    const { response, bytes } = await download(zh, `/api/records/${key}/export?format=xlsx&${params}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('导出测试');
    expect(sheet.getRow(1).values).toEqual([undefined, '名称', '数量', '金额', '比率', '日期', '时间', '阶段', '客户']);
    expect(sheet.rowCount).toBe(4);
    const names = [2, 3, 4].map((row) => sheet.getRow(row).getCell(1).value);
    expect(names).toEqual([`${tag} C`, `${tag} A`, tricky]);
    const a = sheet.getRow(3);
    expect(a.getCell(2).value).toBe(3.5);
    expect(a.getCell(3).value).toBe(1234.56);
    expect(a.getCell(3).numFmt).toContain('¥');
    expect(a.getCell(3).numFmt).toContain('0.00');
    expect(a.getCell(4).value).toBe(15);
    const day = a.getCell(5).value as Date;
    expect(day).toBeInstanceOf(Date);
    expect(day.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(a.getCell(5).numFmt).toBe('yyyy-mm-dd');
    expect(a.getCell(6).value).toBeInstanceOf(Date);
    expect(a.getCell(7).value).toBe('赢单');
    expect(a.getCell(8).value).toBe(customer.name);
    expect(sheet.getRow(2).getCell(3).value).toBe(5000);
    expect(sheet.getRow(4).getCell(3).value).toBe(null);
  });

  it('writes exactly the chosen fields, in the order asked, with numbers as plain decimals', async () => {
    const big = await api.post(`/api/records/${key}`, { name: `${tag} E`, qty: 1234567.5, amount: 123456789, rate: 12.5, stage: 'won' });
    expect(big.status, JSON.stringify(big.body)).toBe(201);
    const { response, bytes } = await download(zh, `/api/records/${key}/export?format=csv&q=${encodeURIComponent(`${tag} E`)}&columns=amount,rate,name,ownerId,qty`);
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(bytes);
    expect(header).toEqual(['金额', '比率', '名称', '负责人', '数量']);
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe('1234567.89');
    expect(rows[0][1]).toBe('12.5');
    expect(rows[0][2]).toBe(`${tag} E`);
    expect(rows[0][4]).toBe('1234567.50');
    // No cell of a number column has a separator, currency sign or percent sign.
    for (const cell of [rows[0][0], rows[0][1], rows[0][4]]) expect(cell).toMatch(/^-?\d+(\.\d+)?$/);
  });

  it('refuses chosen fields the caller may not read, in their language, and exports none of them', async () => {
    // A product's cost is for admins, managers, sales managers, directors and finance (the sales pack): staff may export products but not read it.
    const staff = await newPerson(api, ['staff']);
    const cost = await staff.client.get('/api/records/product/export?format=csv&columns=name,cost');
    expect(cost.status).toBe(400);
    expect(cost.body.error.message).toBe('Cannot export cost: not a field you may read.');
    // The same answer for a field that does not exist: a hidden field's existence is not given away.
    const nope = await staff.client.get('/api/records/product/export?format=csv&columns=name,nope');
    expect(nope.status).toBe(400);
    expect(nope.body.error.message).toBe('Cannot export nope: not a field you may read.');
    const chinese = await zh.get(`/api/records/${key}/export?columns=name,secret`);
    expect(chinese.status).toBe(400);
    expect(chinese.body.error.message).toBe('无法导出 secret：不是您可以查看的字段。');
    const manager = await newPerson(api, ['sales_manager']);
    const managerCost = await manager.client.raw('GET', '/api/records/product/export?format=csv&columns=name,cost');
    expect(managerCost.status).toBe(200);
    expect(parseCsv(Buffer.from(await managerCost.arrayBuffer()))[0]).toEqual(['Name', 'Cost']);
  });

  it('streams 5,000 records in both formats', async () => {
    const big = uniqueName('Bulk export');
    const owner = (await api.get('/api/me')).body.user.id as string;
    const at = new Date();
    const docs = Array.from({ length: 5000 }, (_, i) => ({
      _id: new ObjectId(),
      name: `${big} ${String(i).padStart(4, '0')}`,
      qty: i,
      amount: i * 100,
      stage: i % 2 ? 'won' : 'open',
      customer: customer.id,
      _ownerId: owner,
      _createdAt: at,
      _createdBy: owner,
      _updatedAt: at,
      _updatedBy: owner,
      _version: 1,
    }));
    const records = await recordCollection(key);
    for (let start = 0; start < docs.length; start += 1000) await records.insertMany(docs.slice(start, start + 1000));

    const params = `filter=${filterOf([{ field: 'name', op: 'startsWith', value: big }])}&sort=qty:asc&columns=name,qty,amount,customer`;
    const csv = await download(api, `/api/records/${key}/export?format=csv&${params}`);
    const [header, ...rows] = parseCsv(csv.bytes);
    expect(header).toEqual(['Name', 'Quantity', 'Amount', 'Customer']);
    expect(rows).toHaveLength(5000);
    expect(rows[0]).toEqual([`${big} 0000`, '0.00', '0.00', customer.name]);
    expect(rows[4999]).toEqual([`${big} 4999`, '4999.00', '4999.00', customer.name]);

    const xlsx = await download(api, `/api/records/${key}/export?format=xlsx&${params}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(5001);
    expect(sheet.getRow(5001).values).toEqual([undefined, `${big} 4999`, 4999, 4999, customer.name]);
  }, 120_000);
});
