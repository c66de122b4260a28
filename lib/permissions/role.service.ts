import { isDeepStrictEqual } from 'node:util';
import { identityChanged } from '@/lib/auth/identity-changes';
import { collection } from '@/lib/db/collections';
import { badRequest, conflict, forbidden, notFound } from '@/lib/errors/app-error';
import { ACTION_KEY_PATTERN, ENTITY_KEY_PATTERN, FIELD_KEY_PATTERN } from '@/lib/entities/entity.types';
import { findEntity } from '@/lib/entities/entity.service';
import { isReservedKey } from '@/lib/validation/safe-json';
import { PLATFORM_ROLES } from '@/lib/permissions/role.presets';
import { ANY_ENTITY, DATA_SCOPES, RECORD_ACTIONS, ROLE_KEY_PATTERN, SYSTEM_AREAS, type EntityGrant, type FieldRule, type RoleDefinition, type RoleDoc } from '@/lib/permissions/permission.types';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Everything wrong with a role definition, as sentences naming the place (empty when it may be saved). */
export function roleProblems(input: unknown): string[] {
  if (!isObject(input)) return ['a role is a JSON object'];
  const problems: string[] = [];
  if (typeof input.key !== 'string' || !ROLE_KEY_PATTERN.test(input.key)) problems.push('key: lowercase letters, digits and "_", starting with a letter');
  if (!isObject(input.name) || typeof input.name['zh-CN'] !== 'string' || typeof input.name.en !== 'string' || !(input.name['zh-CN'] || input.name.en)) problems.push('name: a name in Chinese and English');
  if (!Array.isArray(input.system) || input.system.some((area) => !(SYSTEM_AREAS as readonly unknown[]).includes(area))) problems.push(`system: a list among ${SYSTEM_AREAS.join(', ')}`);
  if (!isObject(input.entities)) problems.push('entities: grants by entity key');
  else {
    for (const [entity, grant] of Object.entries(input.entities)) {
      const where = `entities.${entity}`;
      if (entity !== ANY_ENTITY && (!ENTITY_KEY_PATTERN.test(entity) || isReservedKey(entity))) problems.push(`${where}: not an entity key`);
      if (!isObject(grant)) {
        problems.push(`${where}: a grant with actions, readScope, writeScope and entityActions`);
        continue;
      }
      if (!isObject(grant.actions) || Object.entries(grant.actions).some(([action, on]) => !(RECORD_ACTIONS as readonly string[]).includes(action) || typeof on !== 'boolean')) problems.push(`${where}.actions: true or false for ${RECORD_ACTIONS.join(', ')}`);
      for (const scope of ['readScope', 'writeScope'] as const) if (!(DATA_SCOPES as readonly unknown[]).includes(grant[scope])) problems.push(`${where}.${scope}: one of ${DATA_SCOPES.join(', ')}`);
      if (!Array.isArray(grant.entityActions) || grant.entityActions.some((key) => typeof key !== 'string' || (key !== '*' && !ACTION_KEY_PATTERN.test(key)))) problems.push(`${where}.entityActions: action keys, or "*"`);
    }
  }
  if (!isObject(input.fields)) problems.push('fields: rules by entity key and field key');
  else {
    for (const [entity, rules] of Object.entries(input.fields)) {
      if (!ENTITY_KEY_PATTERN.test(entity) || isReservedKey(entity) || !isObject(rules)) {
        problems.push(`fields.${entity}: field rules of an entity`);
        continue;
      }
      for (const [field, rule] of Object.entries(rules)) {
        if (!FIELD_KEY_PATTERN.test(field) || isReservedKey(field) || (rule !== 'hidden' && rule !== 'readonly')) problems.push(`fields.${entity}.${field}: "hidden" or "readonly"`);
      }
    }
  }
  if (input.admin !== undefined && typeof input.admin !== 'boolean') problems.push('admin: true or false');
  return problems;
}

/** The display field names a record everywhere (links, pickers): hiding it would hide nothing. */
async function displayFieldProblems(role: RoleDefinition): Promise<string[]> {
  const problems: string[] = [];
  for (const [entity, rules] of Object.entries(role.fields)) {
    const def = await findEntity(entity);
    if (def && rules[def.displayField] === 'hidden') problems.push(`fields.${entity}.${def.displayField}: the display field cannot be hidden`);
  }
  return problems;
}

function normalised(input: Record<string, unknown>): RoleDefinition {
  const entities = Object.fromEntries(
    Object.entries(input.entities as Record<string, EntityGrant>).map(([key, grant]) => [
      key,
      {
        actions: Object.fromEntries(RECORD_ACTIONS.filter((action) => grant.actions[action] === true).map((action) => [action, true])),
        readScope: grant.readScope,
        writeScope: grant.writeScope,
        entityActions: [...new Set(grant.entityActions)],
      },
    ]),
  );
  const fields = Object.fromEntries(Object.entries(input.fields as Record<string, Record<string, FieldRule>>).filter(([, rules]) => Object.keys(rules).length > 0));
  const name = input.name as RoleDefinition['name'];
  const description = isObject(input.description) ? (input.description as RoleDefinition['description']) : undefined;
  return { key: input.key as string, name: { 'zh-CN': name['zh-CN'], en: name.en }, ...(description ? { description } : {}), system: [...new Set(input.system as RoleDefinition['system'])], entities, fields };
}

export interface RoleView extends RoleDefinition {
  /** How many users hold it. */
  users: number;
  /** Changed since its template pack installed it. */
  changed?: boolean;
}

export async function listRoles(): Promise<RoleView[]> {
  const [stored, users] = await Promise.all([(await collection('roles')).find({}).toArray(), (await collection('users')).find({}, { projection: { roles: 1 } }).toArray()]);
  const counts = new Map<string, number>();
  for (const user of users) for (const role of user.roles ?? []) counts.set(role, (counts.get(role) ?? 0) + 1);
  const byKey = new Map<string, RoleView>(PLATFORM_ROLES.map((role) => [role.key, { ...role, users: 0 }]));
  for (const { _id, updatedAt: _at, updatedBy, ...role } of stored) {
    if (_id === 'admin') continue;
    byKey.set(_id, { ...role, ...(role.template ? { changed: updatedBy !== 'template' } : {}), users: 0 });
  }
  return [...byKey.values()].map((role) => ({ ...role, users: counts.get(role.key) ?? 0 }));
}

/**
 * Creates or replaces a role. The admin role is the platform's and cannot be changed (so
 * nobody can lock every admin out); a preset keeps its key and stays a preset.
 */
export async function saveRole(input: unknown, by: string, options: { creating?: boolean; template?: string } = {}): Promise<{ before: RoleDefinition | null; after: RoleDefinition }> {
  const problems = roleProblems(input);
  if (problems.length > 0) throw badRequest(problems.join('; '));
  const role = normalised(input as Record<string, unknown>);
  const more = await displayFieldProblems(role);
  if (more.length > 0) throw badRequest(more.join('; '));
  if (role.key === 'admin') throw forbidden();
  const roles = await collection('roles');
  const stored = await roles.findOne({ _id: role.key });
  const platform = PLATFORM_ROLES.find((candidate) => candidate.key === role.key);
  const before = stored ? (({ _id, updatedAt, updatedBy, ...rest }) => rest)(stored) : (platform ?? null);
  if (options.creating && before) throw conflict(`a role "${role.key}" exists`);
  const doc: RoleDoc = {
    ...role,
    _id: role.key,
    ...(platform || before?.preset ? { preset: true } : {}),
    ...((options.template ?? before?.template) ? { template: options.template ?? before?.template } : {}),
    updatedAt: new Date(),
    updatedBy: by,
  };
  await roles.replaceOne({ _id: role.key }, doc, { upsert: true });
  identityChanged();
  const { _id, updatedAt, updatedBy, ...after } = doc;
  return { before, after };
}

/** Deletes a role nobody holds; presets stay. */
export async function deleteRole(key: string): Promise<RoleDefinition> {
  const roles = await collection('roles');
  const stored = await roles.findOne({ _id: String(key) });
  if (PLATFORM_ROLES.some((role) => role.key === key) || stored?.preset) throw conflict('a preset role cannot be deleted');
  if (!stored) throw notFound();
  if ((await (await collection('users')).countDocuments({ roles: key })) > 0) throw conflict('users hold this role; take it from them first');
  await roles.deleteOne({ _id: stored._id });
  identityChanged();
  const { _id, updatedAt, updatedBy, ...role } = stored;
  return role;
}

export interface RoleInstallReport {
  key: string;
  outcome: 'installed' | 'upgraded' | 'unchanged' | 'kept';
}

/**
 * A template pack's role presets: installed when missing, brought up to date while no admin
 * has changed them, kept as they are once one has.
 */
export async function installTemplateRoles(pack: string, roles: RoleDefinition[]): Promise<RoleInstallReport[]> {
  const reports: RoleInstallReport[] = [];
  const stored = await collection('roles');
  for (const role of roles) {
    const problems = roleProblems(role);
    if (problems.length > 0) throw badRequest(`role ${String(role.key)}: ${problems.join('; ')}`);
    const current = await stored.findOne({ _id: role.key });
    if (current && (current.template !== pack || current.updatedBy !== 'template')) {
      reports.push({ key: role.key, outcome: 'kept' });
      continue;
    }
    const next = normalised(role as unknown as Record<string, unknown>);
    if (current && isDeepStrictEqual(normalised(current as unknown as Record<string, unknown>), next)) {
      reports.push({ key: role.key, outcome: 'unchanged' });
      continue;
    }
    await stored.replaceOne({ _id: role.key }, { ...next, preset: true, template: pack, updatedAt: new Date(), updatedBy: 'template' }, { upsert: true });
    reports.push({ key: role.key, outcome: current ? 'upgraded' : 'installed' });
  }
  if (reports.some((report) => report.outcome === 'installed' || report.outcome === 'upgraded')) identityChanged();
  return reports;
}
