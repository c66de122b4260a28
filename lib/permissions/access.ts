import type { Filter } from 'mongodb';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordDoc } from '@/lib/records/record.types';
import type { AccessSnapshot } from '@/lib/permissions/access.snapshot';
import { ALL_RECORDS, NO_RECORDS, scopeFilter, scopeMatches, scopeRule, unionScopes, type ScopeRule, type ScopeSubject } from '@/lib/permissions/data-scope';
import { compileFieldMask, OPEN_MASK, type FieldMask } from '@/lib/permissions/field-mask';
import { ANY_ENTITY, READ_ACTIONS, RECORD_ACTIONS, type EntityGrant, type RecordAction, type RoleDefinition, type SystemArea, type TokenLimits } from '@/lib/permissions/permission.types';

export interface AccessSubject extends ScopeSubject {
  roles: string[];
}

/**
 * What one person (or one of their API tokens) may do: which actions on which entities,
 * which records (one database filter per entity and action, compiled once and reused by
 * every list, board, search, export, chart and check), and which fields. The only place
 * permissions are decided; routes and services ask it.
 */
export class Access {
  readonly admin: boolean;
  private readonly roleDefs: RoleDefinition[];
  private readonly scopes = new Map<string, ScopeRule>();
  private readonly filters = new Map<string, Filter<RecordDoc>>();
  private readonly masks = new Map<string, FieldMask>();

  constructor(
    readonly subject: AccessSubject,
    private readonly snapshot: AccessSnapshot,
    readonly limits: TokenLimits | null = null,
  ) {
    this.roleDefs = subject.roles.map((key) => snapshot.roles.get(key)).filter((role): role is RoleDefinition => role !== undefined);
    this.admin = this.roleDefs.some((role) => role.admin);
  }

  /** Whether the roles reach an area of the platform beside the records (a token narrowed to some entities reaches none). */
  system(area: SystemArea): boolean {
    if (this.limits?.entities) return false;
    return this.admin || this.roleDefs.some((role) => role.system.includes(area));
  }

  private grantOf(role: RoleDefinition, entity: string): EntityGrant | undefined {
    return role.entities[entity] ?? role.entities[ANY_ENTITY];
  }

  private limited(entity: string, action: RecordAction | 'entityAction'): boolean {
    if (!this.limits) return false;
    if (this.limits.entities && !this.limits.entities.includes(entity)) return true;
    return this.limits.readOnly && !(READ_ACTIONS as string[]).includes(action);
  }

  /** The roles that grant an action on an entity. */
  private granting(entity: string, action: RecordAction): RoleDefinition[] {
    return this.roleDefs.filter((role) => role.admin || this.grantOf(role, entity)?.actions[action] === true);
  }

  /** Whether an action is allowed on some records of the entity. */
  can(entity: string, action: RecordAction): boolean {
    if (this.limited(entity, action)) return false;
    return this.granting(entity, action).length > 0;
  }

  /** Which records of an entity an action reaches: the union of the scopes of the roles granting it. */
  scope(entity: string, action: RecordAction): ScopeRule {
    const key = `${entity}\u0000${action}`;
    let rule = this.scopes.get(key);
    if (!rule) {
      if (!this.can(entity, action)) rule = NO_RECORDS;
      else if (this.admin) rule = ALL_RECORDS;
      else {
        const read = (READ_ACTIONS as string[]).includes(action);
        rule = unionScopes(this.granting(entity, action).map((role) => scopeRule(this.snapshot, this.subject, read ? this.grantOf(role, entity)!.readScope : this.grantOf(role, entity)!.writeScope)));
      }
      this.scopes.set(key, rule);
    }
    return rule;
  }

  /** The scope as a database filter (empty for every record), to combine with a query's own. */
  filter(entity: string, action: RecordAction = 'read'): Filter<RecordDoc> {
    const key = `${entity}\u0000${action}`;
    let filter = this.filters.get(key);
    if (!filter) {
      filter = scopeFilter(this.scope(entity, action), this.snapshot);
      this.filters.set(key, filter);
    }
    return filter;
  }

  /** Whether an action is allowed on one stored record. */
  allows(entity: string, action: RecordAction, record: Pick<RecordDoc, '_ownerId'> & { _departmentId?: unknown }): boolean {
    return this.can(entity, action) && scopeMatches(this.scope(entity, action), record);
  }

  /** Whether an entity action (a button running a workflow) may be run; the record must also be in the write scope. */
  canRunEntityAction(def: EntityDefinition, actionKey: string): boolean {
    if (this.limited(def.key, 'entityAction')) return false;
    const action = def.actions?.find((candidate) => candidate.key === actionKey);
    if (!action) return false;
    if (this.admin) return true;
    if (action.roles && !action.roles.some((role) => this.subject.roles.includes(role))) return false;
    return this.roleDefs.some((role) => {
      const keys = this.grantOf(role, def.key)?.entityActions ?? [];
      return keys.includes('*') || keys.includes(actionKey);
    });
  }

  /** Which fields of the entity are hidden and which read-only. */
  fieldMask(def: EntityDefinition): FieldMask {
    const key = `${def.key}@${def.version}`;
    let mask = this.masks.get(key);
    if (!mask) {
      mask = this.admin ? OPEN_MASK : compileFieldMask(def, this.granting(def.key, 'read'), [...new Set([...this.granting(def.key, 'create'), ...this.granting(def.key, 'update')])]);
      this.masks.set(key, mask);
    }
    return mask;
  }

  /** What the browser is told about an entity, to show only the buttons that work. */
  entitySummary(def: EntityDefinition): Record<RecordAction | 'purge', boolean> & { entityActions: string[] } {
    const actions = Object.fromEntries(RECORD_ACTIONS.map((action) => [action, this.can(def.key, action)])) as Record<RecordAction, boolean>;
    return { ...actions, purge: this.admin && !this.limited(def.key, 'delete'), entityActions: (def.actions ?? []).filter((action) => this.canRunEntityAction(def, action.key)).map((action) => action.key) };
  }
}

/** Access for automations: everything (workflows are designed by admins and run as the platform). */
export function fullAccess(snapshot: AccessSnapshot): Access {
  return new Access({ id: 'automation', departmentId: null, roles: ['admin'] }, snapshot);
}
