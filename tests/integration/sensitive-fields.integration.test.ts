import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { isSealed } from '@/lib/security/field-crypto';
import { adminTokenClient, type ApiClient } from '../support/http';

const suffix = Date.now().toString(36);
const key = `it_secret_${suffix}`;
const label = (en: string, zh = en) => ({ 'zh-CN': zh, en });
const def: EntityDefinition = {
  key,
  version: 0,
  label: label('Employee', '员工'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name', '姓名'), required: true },
    { key: 'idCard', type: 'text', label: label('ID card', '身份证号'), sensitive: true },
    { key: 'bankAccount', type: 'text', label: label('Bank account', '银行账号'), sensitive: true },
  ],
  listView: { columns: ['name'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

let api: ApiClient;

beforeAll(async () => {
  api = await adminTokenClient();
  expect((await api.put(`/api/entities/${key}/draft`, def)).status).toBe(200);
  const published = await api.post(`/api/entities/${key}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(200);
});
afterAll(closeMongo);

describe('sensitive fields are encrypted at rest', () => {
  it('stores ciphertext in the record and its history, and shows the text to the API', async () => {
    const created = await api.post(`/api/records/${key}`, { name: 'Li Lei', idCard: '110101199003074514', bankAccount: '6222020000001234' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({ idCard: '110101199003074514', bankAccount: '6222020000001234' });
    const stored = await (await recordCollection(key)).findOne({ _id: new ObjectId(created.body.id as string) });
    expect(isSealed(stored?.idCard)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('110101199003074514');
    const entry = await (await collection('auditLog')).findOne({ _id: `${key}:${created.body.id}:1` });
    expect(JSON.stringify(entry)).not.toContain('6222020000001234');
    expect((await api.get(`/api/records/${key}/${created.body.id}`)).body.data.idCard).toBe('110101199003074514');

    // An edit of another field keeps the ciphertext: the history shows only what changed.
    const edited = await api.patch(`/api/records/${key}/${created.body.id}`, { bankAccount: '6222020000009999' });
    expect(edited.body.data).toMatchObject({ idCard: '110101199003074514', bankAccount: '6222020000009999' });
    const history = await api.get(`/api/records/${key}/${created.body.id}/history`);
    expect(history.body[0].changes).toEqual([{ field: 'bankAccount', before: '6222020000001234', after: '6222020000009999' }]);
    expect((await api.patch(`/api/records/${key}/${created.body.id}`, { idCard: '110101199003074514' })).body.version).toBe(2);
  });

  it('cannot be searched, filtered or sorted, and cannot be made unique or read by a formula', async () => {
    expect((await api.get(`/api/records/${key}?q=110101199003074514`)).body.total).toBe(0);
    const filter = JSON.stringify({ match: 'all', conditions: [{ field: 'idCard', op: 'eq', value: '110101199003074514' }] });
    expect((await api.get(`/api/records/${key}?filter=${encodeURIComponent(filter)}`)).status).toBe(400);
    expect((await api.get(`/api/records/${key}?sort=idCard:asc`)).status).toBe(400);
    const unique = { ...def, fields: def.fields.map((field) => (field.key === 'idCard' ? { ...field, unique: true } : field)) };
    await api.put(`/api/entities/${key}/draft`, unique);
    const refused = await api.post(`/api/entities/${key}/publish`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems).toContain('idCard: a sensitive field is encrypted, so it cannot be unique');
    const formula = { ...def, fields: [...def.fields, { key: 'masked', type: 'formula', label: label('Masked'), formula: { expression: 'idCard & "*"', result: 'text' } }] };
    await api.put(`/api/entities/${key}/draft`, formula);
    expect((await api.post(`/api/entities/${key}/publish`, {})).body.error.problems).toContain('masked: the formula cannot read "idCard", which is sensitive (encrypted)');
    await api.delete(`/api/entities/${key}/draft`);
  });

  it('says in the form that the field is encrypted and not searchable, in both languages', async () => {
    const { formSchemaFor } = await import('@/lib/entities/entity.schema');
    expect(String((formSchemaFor(def, 'en').uiSchema.idCard as Record<string, unknown>)['ui:help'])).toContain('not searchable');
    expect(String((formSchemaFor(def, 'zh-CN').uiSchema.idCard as Record<string, unknown>)['ui:help'])).toContain('不可搜索');
  });
});
