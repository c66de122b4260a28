import { describe, expect, it } from 'vitest';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { managerIn } from '@/lib/permissions/access.snapshot';
import { Access } from '@/lib/permissions/access';
import { maskedEntity } from '@/lib/permissions/field-mask';
import { ANY_ENTITY, type EntityGrant, type RoleDefinition } from '@/lib/permissions/permission.types';
import { combine, parseSort } from '@/lib/records/record.filter';
import { testActor, testSnapshot } from '../support/actors';

const label = (en: string) => ({ 'zh-CN': en, en });
const grant = (readScope: EntityGrant['readScope'], writeScope: EntityGrant['writeScope'], actions: EntityGrant['actions'], entityActions = ['*']): EntityGrant => ({ actions, readScope, writeScope, entityActions });
const role = (key: string, entities: RoleDefinition['entities'], fields: RoleDefinition['fields'] = {}, system: RoleDefinition['system'] = []): RoleDefinition => ({ key, name: label(key), system, entities, fields });

// An organization: Sales (managed by boss) with East (managed by east-mgr) and West under it.
const ids = { rep: 'a'.repeat(24), mate: 'b'.repeat(24), west: 'c'.repeat(24), eastMgr: 'd'.repeat(24), boss: 'e'.repeat(24), loner: 'f'.repeat(24) };
const departments = [
  { _id: 'sales', managerId: ids.boss, parentId: null },
  { _id: 'east', managerId: ids.eastMgr, parentId: 'sales' },
  { _id: 'west', managerId: null, parentId: 'sales' },
];
const users = { [ids.rep]: 'east', [ids.mate]: 'east', [ids.west]: 'west', [ids.eastMgr]: 'east', [ids.boss]: 'sales', [ids.loner]: null };
const roles = [
  role('rep', { customer: grant('own', 'own', { create: true, read: true, update: true, export: true }), product: grant('all', 'own', { read: true }, []) }, { product: { cost: 'hidden' } }),
  role('lead', { customer: grant('subordinates', 'subordinates', { read: true, update: true }) }),
  role('dept', { customer: grant('department', 'own', { read: true, update: true, delete: true }) }),
  role('tree', { [ANY_ENTITY]: grant('subdepartments', 'department', { read: true, update: true }) }),
  role('viewer', { product: grant('all', 'own', { read: true }, []) }, { product: { price: 'readonly' } }),
];
const snapshot = testSnapshot({ roles, departments, users });
const who = (roleKeys: string[], id: string) => testActor(roleKeys, { id, departmentId: users[id] ?? null, snapshot });

describe('data scopes compile to one filter on a top-level indexed field', () => {
  it('own: the owner; own department: the department (owner ids inside it are not repeated)', () => {
    const rep = who(['rep'], ids.rep);
    expect(rep.access.filter('customer')).toEqual({ _ownerId: ids.rep });
    expect(who(['dept'], ids.rep).access.filter('customer')).toEqual({ _departmentId: 'east' });
    // Holding both: the union, and "own" is inside "department".
    expect(who(['rep', 'dept'], ids.rep).access.filter('customer')).toEqual({ _departmentId: 'east' });
  });

  it('department and sub-departments, and what managers manage', () => {
    expect(who(['tree'], ids.boss).access.filter('customer')).toEqual({ _departmentId: { $in: ['east', 'sales', 'west'] } });
    expect(who(['tree'], ids.rep).access.filter('customer')).toEqual({ _departmentId: 'east' });
    // A manager whose own department is above the one they manage reaches both.
    expect(who(['dept'], ids.boss).access.filter('customer')).toEqual({ _departmentId: 'sales' });
  });

  it('own and subordinates: the people of the departments one manages', () => {
    expect(who(['lead'], ids.eastMgr).access.filter('customer')).toEqual({ _ownerId: { $in: [ids.rep, ids.mate, ids.eastMgr].sort() } });
    expect(who(['lead'], ids.rep).access.filter('customer')).toEqual({ _ownerId: ids.rep });
    expect((who(['lead'], ids.boss).access.filter('customer') as { _ownerId: { $in: string[] } })._ownerId.$in).toHaveLength(5);
  });

  it('someone in no department reaches their own records with a department scope', () => {
    expect(who(['dept'], ids.loner).access.filter('customer')).toEqual({ _ownerId: ids.loner });
  });

  it('keeps an $or only for people outside the scope’s departments', () => {
    const both = who(['lead', 'dept'], ids.boss).access.filter('customer');
    expect(both).toEqual({ $or: [{ _ownerId: { $in: [ids.eastMgr, ids.mate, ids.rep, ids.west].sort() } }, { _departmentId: 'sales' }] });
  });

  it('decides single records the same way, for each action’s scope', () => {
    const dept = who(['dept'], ids.rep);
    const mates = { _ownerId: ids.mate, _departmentId: 'east' };
    const wests = { _ownerId: ids.west, _departmentId: 'west' };
    expect(dept.access.allows('customer', 'read', mates)).toBe(true);
    expect(dept.access.allows('customer', 'update', mates)).toBe(false);
    expect(dept.access.allows('customer', 'update', { _ownerId: ids.rep, _departmentId: 'east' })).toBe(true);
    expect(dept.access.allows('customer', 'read', wests)).toBe(false);
    expect(dept.access.can('customer', 'create')).toBe(false);
    expect(dept.access.can('order', 'read')).toBe(false);
    // A grant for every entity ("*").
    expect(who(['tree'], ids.rep).access.can('order', 'update')).toBe(true);
  });

  it('compiles once per actor: the same filter object every time', () => {
    const rep = who(['rep'], ids.rep);
    expect(rep.access.filter('customer')).toBe(rep.access.filter('customer'));
  });
});

describe('roles add up', () => {
  it('an action any role grants is allowed; an entity no role names is not', () => {
    const both = who(['rep', 'dept'], ids.rep);
    expect(both.access.can('customer', 'delete')).toBe(true);
    expect(both.access.can('customer', 'create')).toBe(true);
    expect(both.access.scope('customer', 'delete')).toMatchObject({ all: false });
    expect(both.access.allows('customer', 'delete', { _ownerId: ids.mate, _departmentId: 'east' })).toBe(false);
  });

  it('presets keep what the three fixed roles did', () => {
    const staff = testActor(['staff']);
    expect(staff.access.filter('customer')).toEqual({});
    expect(staff.access.allows('customer', 'update', { _ownerId: 'someone else' })).toBe(false);
    expect(staff.access.can('customer', 'delete')).toBe(false);
    const manager = testActor(['manager']);
    expect(manager.access.allows('customer', 'delete', { _ownerId: 'someone else' })).toBe(true);
    expect(manager.access.system('automation')).toBe(true);
    expect(manager.access.system('organization')).toBe(false);
    expect(testActor(['admin']).access.system('audit')).toBe(true);
  });
});

describe('field masks', () => {
  const product: EntityDefinition = {
    key: 'product',
    version: 1,
    label: label('Product'),
    displayField: 'name',
    fields: [
      { key: 'name', type: 'text', label: label('Name') },
      { key: 'price', type: 'money', label: label('Price'), currency: 'CNY' },
      { key: 'cost', type: 'money', label: label('Cost'), currency: 'CNY' },
      { key: 'margin', type: 'formula', label: label('Margin'), formula: { expression: 'price - cost', result: 'money', currency: 'CNY' } },
      { key: 'note', type: 'text', label: label('Note'), visibleWhen: { field: 'cost', in: [0] } },
    ],
    listView: { columns: ['name', 'cost'], sort: [{ field: 'cost', direction: 'desc' }], pageSize: 20 },
  };

  it('hides a field a role hides, and what would give it away (a formula reading it, a field shown by its value)', () => {
    const mask = who(['rep'], ids.rep).access.fieldMask(product);
    expect([...mask.hidden].sort()).toEqual(['cost', 'margin', 'note']);
    expect(maskedEntity(product, mask).listView).toMatchObject({ columns: ['name'], sort: [] });
  });

  it('shows a field when any role that reads the entity shows it; read-only when no writing role may change it', () => {
    expect([...who(['rep', 'viewer'], ids.rep).access.fieldMask(product).hidden]).toEqual([]);
    const viewer = who(['viewer'], ids.rep).access.fieldMask(product);
    expect(viewer.readOnly.has('price')).toBe(true);
    expect(maskedEntity(product, viewer).fields.find((field) => field.key === 'price')?.readOnly).toBe(true);
  });
});

describe('API tokens narrowed to reading or to some entities', () => {
  it('acts with its user’s permissions, never more', () => {
    const rep = new Access({ id: ids.rep, departmentId: 'east', roles: ['rep'] }, snapshot, { readOnly: true, entities: null });
    expect(rep.can('customer', 'read')).toBe(true);
    expect(rep.can('customer', 'export')).toBe(true);
    expect(rep.can('customer', 'update')).toBe(false);
    expect(rep.filter('customer')).toEqual({ _ownerId: ids.rep });
    const admin = new Access({ id: ids.boss, departmentId: null, roles: ['admin'] }, snapshot, { readOnly: false, entities: ['product'] });
    expect(admin.can('product', 'delete')).toBe(true);
    expect(admin.can('customer', 'read')).toBe(false);
    expect(admin.system('organization')).toBe(false);
  });
});

describe('the organization', () => {
  it('names each person’s manager: their department’s, or the next one up for a manager', () => {
    expect(managerIn(snapshot, ids.rep)).toBe(ids.eastMgr);
    expect(managerIn(snapshot, ids.eastMgr)).toBe(ids.boss);
    expect(managerIn(snapshot, ids.west)).toBe(ids.boss);
    expect(managerIn(snapshot, ids.boss)).toBeNull();
    expect(managerIn(snapshot, ids.loner)).toBeNull();
  });
});

describe('query shapes', () => {
  it('merges the parts of a list filter into one object where their keys differ', () => {
    expect(combine({ _deletedAt: { $exists: false } }, { _ownerId: 'x' }, { stage: 'won' })).toEqual({ _deletedAt: { $exists: false }, _ownerId: 'x', stage: 'won' });
    expect(combine({ $or: [{ a: 1 }] }, { $or: [{ b: 1 }] }, { _ownerId: 'x' })).toEqual({ _ownerId: 'x', $and: [{ $or: [{ a: 1 }] }, { $or: [{ b: 1 }] }] });
  });

  it('refuses sort keys that are not fields, prototype names included', () => {
    const def = { key: 'x', version: 1, label: label('X'), displayField: 'name', fields: [{ key: 'name', type: 'text' as const, label: label('Name') }], listView: { columns: [], sort: [], pageSize: 20 } };
    const open = testActor(['admin']).access.fieldMask(def);
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'nope']) expect(() => parseSort(def, `${key}:asc`, open)).toThrow(/cannot sort by/);
    expect(parseSort(def, 'createdAt:desc,name:asc', open)).toHaveLength(2);
  });
});
