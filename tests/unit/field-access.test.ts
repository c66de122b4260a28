import { describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { definitionProblems } from '@/lib/entities/definition-problems';
import { formSchemaFor } from '@/lib/entities/entity.schema';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { maskedEntity } from '@/lib/permissions/field-mask';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import { testActor } from '../support/actors';
import { translator } from '@/lib/i18n/messages';
import { keywordFilter, mongoFilter, parseSort } from '@/lib/records/record.filter';
import { InvalidRecord, prepareRecordData } from '@/lib/records/record.validation';
import { toRecordView } from '@/lib/records/record.view';
import { comparable } from '@/lib/records/unique-values';
import type { RecordDoc } from '@/lib/records/record.types';
import type { Actor } from '@/lib/users/user.types';

const label = (en: string, zh = en) => ({ 'zh-CN': zh, en });
const product: EntityDefinition = {
  key: 'unit_product',
  version: 1,
  label: label('Product'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name'), required: true },
    { key: 'price', type: 'money', label: label('Price'), currency: 'CNY' },
    { key: 'cost', type: 'money', label: label('Cost'), currency: 'CNY', required: true, visibleTo: ['admin', 'manager'] },
    { key: 'secret', type: 'text', label: label('Secret'), visibleTo: ['manager'], default: 'sealed' },
    {
      key: 'status',
      type: 'select',
      label: label('Status'),
      options: [
        { value: 'draft', label: label('Draft', '草稿') },
        { value: 'confirmed', label: label('Confirmed', '已确认') },
        { value: 'shipped', label: label('Shipped', '已发货') },
        { value: 'cancelled', label: label('Cancelled', '已取消') },
      ],
      transitions: { draft: ['confirmed', 'cancelled'], confirmed: ['shipped', 'cancelled'] },
    },
  ],
  listView: { columns: ['name', 'price', 'cost'], sort: [{ field: 'cost', direction: 'desc' }], pageSize: 20 },
};

const actor = (role: string): Actor => testActor([role], { id: '0123456789abcdef01234567' });
const staff = actor('staff');
const manager = actor('manager');
const en = translator('en');
const zh = translator('zh-CN');

async function errorsOf(input: Record<string, unknown>, before: Record<string, unknown> | null, who: Actor = manager, t = en) {
  try {
    await prepareRecordData(product, input, { actor: who, t, before });
    return null;
  } catch (error) {
    if (error instanceof InvalidRecord) return error.fields;
    throw error;
  }
}

describe('fields visible to some roles', () => {
  it('lets the listed roles and admins see the field', () => {
    const hides = (role: string, key: string) => actor(role).access.fieldMask(product).hidden.has(key);
    expect(['admin', 'manager', 'staff'].map((role) => hides(role, 'cost'))).toEqual([false, false, true]);
    expect(hides('staff', 'name')).toBe(false);
    expect(hides('admin', 'secret')).toBe(false);
  });

  it('sends browsers a definition without them, and the list without their columns and sorts', () => {
    const seenBy = (role: string) => maskedEntity(product, actor(role).access.fieldMask(product));
    const seen = seenBy('staff');
    expect(seen.fields.map((field) => field.key)).toEqual(['name', 'price', 'status']);
    expect(seen.listView).toMatchObject({ columns: ['name', 'price'], sort: [] });
    expect(seenBy('admin')).toBe(product);
    expect(seenBy('manager').fields.map((field) => field.key)).toContain('cost');
  });

  it('leaves them out of a record as the API shows it', () => {
    const now = new Date();
    const doc: RecordDoc = { _id: new ObjectId(), _ownerId: 'u', _createdAt: now, _createdBy: 'u', _updatedAt: now, _updatedBy: 'u', _version: 1, name: 'Widget', price: 1000, cost: 400, secret: 'x' };
    expect(toRecordView(doc, product, staff).data).toEqual({ name: 'Widget', price: 1000 });
    expect(toRecordView(doc, product, staff).retired).toBeUndefined();
    expect(toRecordView(doc, product, manager).data).toEqual({ name: 'Widget', price: 1000, cost: 400, secret: 'x' });
    expect(toRecordView(doc, product, actor('admin')).data.secret).toBe('x');
  });

  it('refuses filters and sorts by them like unknown fields, and does not search them', () => {
    const byCost = { match: 'all' as const, conditions: [{ field: 'cost', op: 'gt' as const, value: 1 }] };
    const staffMask = staff.access.fieldMask(product);
    const managerMask = manager.access.fieldMask(product);
    expect(() => mongoFilter(product, byCost, { actorId: staff.id, mask: staffMask, locale: 'en' })).toThrow(/cannot filter by \\"cost\\"/);
    expect(mongoFilter(product, byCost, { actorId: manager.id, mask: managerMask, locale: 'en' })).toEqual({ cost: { $gt: 100 } });
    expect(() => parseSort(product, 'cost:desc', staffMask)).toThrow(/cannot sort by \\"cost\\"/);
    expect(parseSort(product, 'cost:desc', managerMask)).toEqual([{ field: 'cost', direction: 'desc' }]);
    expect(JSON.stringify(keywordFilter(product, 'sealed', staffMask))).not.toContain('secret');
    expect(JSON.stringify(keywordFilter(product, 'sealed', managerMask))).toContain('secret');
  });

  it('keeps their stored values when a role that cannot see them writes, and gives defaults on create', async () => {
    const before = { name: 'Widget', cost: 400, secret: 'kept' };
    const updated = await prepareRecordData(product, { name: 'Widget 2', cost: 1, secret: 'overwritten' }, { actor: staff, t: en, before });
    expect(updated).toEqual({ name: 'Widget 2', cost: 400, secret: 'kept' });
    // Required, but not for someone who cannot fill it in.
    const created = await prepareRecordData(product, { name: 'New', cost: 5, secret: 'typed' }, { actor: staff, t: en, before: null });
    expect(created).toEqual({ name: 'New', secret: 'sealed' });
    expect(await errorsOf({ name: 'New' }, null, manager)).toEqual({ cost: ['This field is required.'] });
    const managed = await prepareRecordData(product, { name: 'Widget', cost: '4.5' }, { actor: manager, t: en, before });
    expect(managed.cost).toBe(450);
  });

  it('checks visibleTo in definitions', () => {
    const withFields = (fields: EntityDefinition['fields'], extra: Partial<EntityDefinition> = {}): EntityDefinition => ({ ...product, fields, listView: { columns: ['name'], sort: [], pageSize: 20 }, ...extra });
    const name = product.fields[0];
    expect(definitionProblems(withFields([name, { ...product.fields[2], visibleTo: ['Boss!' as never] }]))).toEqual([expect.stringMatching(/cost: visibleTo must list role keys/)]);
    expect(definitionProblems(withFields([{ ...name, visibleTo: ['manager'] }]))).toEqual([expect.stringMatching(/display field/)]);
    const margin = { key: 'margin', type: 'formula' as const, label: label('Margin'), formula: { expression: 'price - cost', result: 'money' as const, currency: 'CNY' } };
    expect(definitionProblems(withFields([name, product.fields[1], product.fields[2], margin]))).toEqual([expect.stringMatching(/margin: the formula reads "cost"/)]);
    expect(definitionProblems(withFields([name, product.fields[1], product.fields[2], { ...margin, visibleTo: ['manager'] }]))).toEqual([]);
    expect(definitionProblems(withFields([name, product.fields[2]], { listView: { columns: ['name'], sort: [], pageSize: 20, filter: { match: 'all', conditions: [{ field: 'cost', op: 'notEmpty' }] } } }))).toEqual([
      expect.stringMatching(/filter uses "cost"/),
    ]);
  });
});

describe('select transitions', () => {
  it('refuses a change not listed, naming both options in the user language', async () => {
    expect(await errorsOf({ name: 'W', cost: 1, status: 'shipped' }, { name: 'W', cost: 1, status: 'draft' })).toEqual({ status: ['Cannot change from “Draft” to “Shipped”.'] });
    expect(await errorsOf({ name: 'W', cost: 1, status: 'shipped' }, { name: 'W', cost: 1, status: 'draft' }, manager, zh)).toEqual({ status: ['不能从“草稿”改为“已发货”。'] });
  });

  it('allows listed changes, unchanged values and any value on create; a value without an entry is final', async () => {
    expect(await errorsOf({ name: 'W', cost: 1, status: 'confirmed' }, { name: 'W', cost: 1, status: 'draft' })).toBeNull();
    expect(await errorsOf({ name: 'W', cost: 1, status: 'draft' }, { name: 'W', cost: 1, status: 'draft' })).toBeNull();
    expect(await errorsOf({ name: 'W', cost: 1, status: 'shipped' }, null)).toBeNull();
    expect(await errorsOf({ name: 'W', cost: 1, status: 'cancelled' }, { name: 'W', cost: 1, status: 'shipped' })).toEqual({ status: ['Cannot change from “Shipped” to “Cancelled”.'] });
    expect(await errorsOf({ name: 'W', cost: 1 }, { name: 'W', cost: 1, status: 'shipped' })).toEqual({ status: ['Cannot change from “Shipped” to “—”.'] });
    // A stored value that is no longer an option may become any option.
    expect(await errorsOf({ name: 'W', cost: 1, status: 'shipped' }, { name: 'W', cost: 1, status: 'legacy' })).toBeNull();
  });

  it('binds automations too', async () => {
    expect(await errorsOf({ name: 'W', cost: 1, status: 'draft' }, { name: 'W', cost: 1, status: 'shipped' }, AUTOMATION_ACTOR)).toEqual({ status: ['Cannot change from “Shipped” to “Draft”.'] });
  });

  it('offers in the edit form only the saved value and where it may go', () => {
    const oneOf = (stored?: Record<string, unknown>) =>
      (formSchemaFor(product, 'en', { status: 'cancelled' }, stored).schema.properties?.status?.oneOf as { const: string }[]).map((option) => option.const);
    expect(oneOf()).toEqual(['draft', 'confirmed', 'shipped', 'cancelled']);
    expect(oneOf({ status: 'draft' })).toEqual(['draft', 'confirmed', 'cancelled']);
    expect(oneOf({ status: 'shipped' })).toEqual(['shipped']);
    expect(oneOf({})).toEqual(['draft', 'confirmed', 'shipped', 'cancelled']);
  });

  it('checks that transitions name options of a single select', () => {
    const status = product.fields[4];
    const problems = (transitions: unknown, type: 'select' | 'multiselect' = 'select') =>
      definitionProblems({ ...product, fields: [product.fields[0], { ...status, type, transitions: transitions as Record<string, string[]> }], listView: { columns: [], sort: [], pageSize: 20 } });
    expect(problems({ draft: ['confirmed'] })).toEqual([]);
    expect(problems({ drafty: ['confirmed'] })).toEqual([expect.stringMatching(/from "drafty", which is not an option/)]);
    expect(problems({ draft: ['paid'] })).toEqual([expect.stringMatching(/to "paid", which is not an option/)]);
    expect(problems({ draft: 'confirmed' })).toEqual([expect.stringMatching(/must be a list/)]);
    expect(problems({ draft: ['confirmed'] }, 'multiselect')).toEqual([expect.stringMatching(/only a single select/)]);
  });
});

describe('unique values compare as people read them', () => {
  const text = { type: 'text' as const };
  const phone = { type: 'phone' as const };
  it('text: NFKC, case-folded, without whitespace', () => {
    expect(comparable(text, 'ＡＣＭＥ  Ltd')).toBe(comparable(text, 'acme ltd'));
    expect(comparable(text, 'Acme\u3000Ltd')).toBe('acmeltd');
    expect(comparable(text, 'Straße')).toBe(comparable(text, 'STRASSE'));
    expect(comparable(text, 'Acme Ltd')).not.toBe(comparable(text, 'Acme Ltd.'));
  });

  it('phone: digits only, without 86/0086 before an 11-digit mobile', () => {
    const key = comparable(phone, '13800138000');
    expect(comparable(phone, '+86 138-0013-8000')).toBe(key);
    expect(comparable(phone, '0086 138 0013 8000')).toBe(key);
    expect(comparable(phone, '8613800138000')).toBe(key);
    expect(comparable(phone, '(021) 6888-1234')).toBe('02168881234');
    expect(comparable(phone, '+86 21 6888 1234')).toBe('862168881234');
  });
});
