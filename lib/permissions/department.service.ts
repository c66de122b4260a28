import { ObjectId } from 'mongodb';
import { identityChanged } from '@/lib/auth/identity-changes';
import { collection } from '@/lib/db/collections';
import { badRequest, conflict, notFound } from '@/lib/errors/app-error';
import { findActiveUser } from '@/lib/users/user.service';
import { accessSnapshot, departmentSubtree } from '@/lib/permissions/access.snapshot';
import type { DepartmentDoc } from '@/lib/permissions/permission.types';

export interface DepartmentView {
  id: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
  /** How many users belong to it (not counting sub-departments). */
  members: number;
}

function toView(doc: DepartmentDoc, members: number): DepartmentView {
  return { id: doc._id, name: doc.name, parentId: doc.parentId, managerId: doc.managerId, members };
}

export async function listDepartments(): Promise<DepartmentView[]> {
  const snapshot = await accessSnapshot();
  const counts = new Map<string, number>();
  for (const departmentId of snapshot.userDepartments.values()) if (departmentId) counts.set(departmentId, (counts.get(departmentId) ?? 0) + 1);
  return [...snapshot.departments.values()].sort((a, b) => a.name.localeCompare(b.name)).map((doc) => toView(doc, counts.get(doc._id) ?? 0));
}

interface DepartmentInput {
  name?: unknown;
  parentId?: unknown;
  managerId?: unknown;
}

async function checked(input: DepartmentInput, current: DepartmentDoc | null): Promise<Partial<Pick<DepartmentDoc, 'name' | 'parentId' | 'managerId'>>> {
  const out: Partial<Pick<DepartmentDoc, 'name' | 'parentId' | 'managerId'>> = {};
  if (!current || input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.trim().length > 100) throw badRequest('a department needs a name of 1 to 100 characters');
    out.name = input.name.trim();
  }
  const snapshot = await accessSnapshot();
  if (input.parentId !== undefined) {
    if (input.parentId !== null && (typeof input.parentId !== 'string' || !snapshot.departments.has(input.parentId))) throw badRequest('parentId must name a department');
    // A department cannot move under itself or one of its own sub-departments.
    if (current && typeof input.parentId === 'string' && departmentSubtree(snapshot, current._id).has(input.parentId)) throw badRequest('a department cannot be moved under itself');
    out.parentId = input.parentId;
  }
  if (input.managerId !== undefined) {
    if (input.managerId !== null && (typeof input.managerId !== 'string' || !(await findActiveUser(input.managerId)))) throw badRequest('managerId must name an active user');
    out.managerId = input.managerId;
  }
  return out;
}

export async function createDepartment(input: DepartmentInput): Promise<DepartmentView> {
  const fields = await checked(input, null);
  const now = new Date();
  const doc: DepartmentDoc = { _id: new ObjectId().toHexString(), name: fields.name!, parentId: fields.parentId ?? null, managerId: fields.managerId ?? null, createdAt: now, updatedAt: now };
  await (await collection('departments')).insertOne(doc);
  identityChanged();
  return toView(doc, 0);
}

async function findDepartment(id: string): Promise<DepartmentDoc> {
  const doc = await (await collection('departments')).findOne({ _id: String(id) });
  if (!doc) throw notFound();
  return doc;
}

export async function updateDepartment(id: string, input: DepartmentInput): Promise<{ before: DepartmentView; after: DepartmentView }> {
  const current = await findDepartment(id);
  const fields = await checked(input, current);
  const after = await (await collection('departments')).findOneAndUpdate({ _id: current._id }, { $set: { ...fields, updatedAt: new Date() } }, { returnDocument: 'after' });
  if (!after) throw notFound();
  identityChanged();
  const members = (await listDepartments()).find((view) => view.id === id)?.members ?? 0;
  return { before: toView(current, members), after: toView(after, members) };
}

/** Only an empty department goes: no members and no sub-departments (move them first). */
export async function deleteDepartment(id: string): Promise<DepartmentView> {
  const current = await findDepartment(id);
  const snapshot = await accessSnapshot();
  if ((snapshot.children.get(current._id) ?? []).length > 0) throw conflict('the department has sub-departments; move or delete them first');
  if ([...snapshot.userDepartments.values()].includes(current._id)) throw conflict('the department has members; move them first');
  await (await collection('departments')).deleteOne({ _id: current._id });
  identityChanged();
  return toView(current, 0);
}
