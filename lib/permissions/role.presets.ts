import { ANY_ENTITY, type EntityGrant, type RoleDefinition } from '@/lib/permissions/permission.types';

const everything = (readScope: EntityGrant['readScope'], writeScope: EntityGrant['writeScope'], actions: EntityGrant['actions']): EntityGrant => ({
  actions,
  readScope,
  writeScope,
  entityActions: ['*'],
});

/**
 * The roles every installation has. They keep what the three fixed roles did before roles
 * were defined by admins: admins do everything; managers everything with records but purge
 * them; staff read everything and change only their own records. Admins may edit them
 * (except the admin role), not delete them.
 */
export const PLATFORM_ROLES: RoleDefinition[] = [
  {
    key: 'admin',
    name: { 'zh-CN': '管理员', en: 'Admin' },
    admin: true,
    system: [],
    entities: {},
    fields: {},
    preset: true,
  },
  {
    key: 'manager',
    name: { 'zh-CN': '经理', en: 'Manager' },
    system: ['automation', 'shareViews', 'dashboards'],
    entities: { [ANY_ENTITY]: everything('all', 'all', { create: true, read: true, update: true, delete: true, export: true, import: true }) },
    fields: {},
    preset: true,
  },
  {
    key: 'staff',
    name: { 'zh-CN': '员工', en: 'Staff' },
    system: [],
    entities: { [ANY_ENTITY]: everything('all', 'own', { create: true, read: true, update: true, export: true, import: true }) },
    fields: {},
    preset: true,
  },
];

export const PLATFORM_ROLE_KEYS = PLATFORM_ROLES.map((role) => role.key);
