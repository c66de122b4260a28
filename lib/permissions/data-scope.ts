import type { Filter } from 'mongodb';
import type { RecordDoc } from '@/lib/records/record.types';
import { departmentSubtree, managedDepartments, type AccessSnapshot } from '@/lib/permissions/access.snapshot';
import type { DataScope } from '@/lib/permissions/permission.types';

/**
 * The records a scope reaches: all of them, or those owned by some people or carrying
 * (as _departmentId, their owner's department) some departments.
 */
export type ScopeRule = { all: true } | { all: false; ownerIds: Set<string>; departmentIds: Set<string> };

export const ALL_RECORDS: ScopeRule = { all: true };
export const NO_RECORDS: ScopeRule = { all: false, ownerIds: new Set(), departmentIds: new Set() };

export interface ScopeSubject {
  id: string;
  departmentId: string | null;
}

/**
 * One scope for one person. "department" is the person's department and those they manage;
 * "subdepartments" adds everything under them; "subordinates" adds the people of the
 * departments (and sub-departments) they manage to their own records. Someone in no
 * department reaches only their own records (and what they manage).
 */
export function scopeRule(snapshot: AccessSnapshot, subject: ScopeSubject, scope: DataScope): ScopeRule {
  if (scope === 'all') return ALL_RECORDS;
  const own = new Set([subject.id]);
  const managed = managedDepartments(snapshot, subject.id);
  if (scope === 'own') return { all: false, ownerIds: own, departmentIds: new Set() };
  if (scope === 'subordinates') {
    const teams = new Set(managed.flatMap((id) => [...departmentSubtree(snapshot, id)]));
    for (const [userId, departmentId] of snapshot.userDepartments) if (departmentId && teams.has(departmentId)) own.add(userId);
    return { all: false, ownerIds: own, departmentIds: new Set() };
  }
  const roots = [...(subject.departmentId && snapshot.departments.has(subject.departmentId) ? [subject.departmentId] : []), ...managed];
  const departmentIds = new Set(scope === 'department' ? roots : roots.flatMap((id) => [...departmentSubtree(snapshot, id)]));
  return { all: false, ownerIds: own, departmentIds };
}

export function unionScopes(rules: ScopeRule[]): ScopeRule {
  if (rules.some((rule) => rule.all)) return ALL_RECORDS;
  const ownerIds = new Set<string>();
  const departmentIds = new Set<string>();
  for (const rule of rules) {
    if (rule.all) continue;
    for (const id of rule.ownerIds) ownerIds.add(id);
    for (const id of rule.departmentIds) departmentIds.add(id);
  }
  return { all: false, ownerIds, departmentIds };
}

const oneOf = (values: string[]) => (values.length === 1 ? values[0] : { $in: values });

/**
 * The scope as a database filter on one top-level indexed field: the owner's records are
 * left out of it when their owner's department is in the scope already, which is the
 * usual case ("own" within "department"). Only people outside the scope's departments
 * whose records are in it (a manager's report in another department) need an $or.
 */
export function scopeFilter(rule: ScopeRule, snapshot: AccessSnapshot): Filter<RecordDoc> {
  if (rule.all) return {};
  const departments = [...rule.departmentIds].sort();
  const owners = [...rule.ownerIds].filter((id) => {
    const departmentId = snapshot.userDepartments.get(id);
    return !(departmentId && rule.departmentIds.has(departmentId));
  }).sort();
  if (departments.length === 0) return { _ownerId: owners.length === 0 ? { $in: [] } : oneOf(owners) } as Filter<RecordDoc>;
  if (owners.length === 0) return { _departmentId: oneOf(departments) } as Filter<RecordDoc>;
  return { $or: [{ _ownerId: oneOf(owners) }, { _departmentId: oneOf(departments) }] } as Filter<RecordDoc>;
}

/** Whether one stored record is in the scope (the same decision as scopeFilter, in memory). */
export function scopeMatches(rule: ScopeRule, record: Pick<RecordDoc, '_ownerId'> & { _departmentId?: unknown }): boolean {
  if (rule.all) return true;
  if (rule.ownerIds.has(record._ownerId)) return true;
  return typeof record._departmentId === 'string' && rule.departmentIds.has(record._departmentId);
}
