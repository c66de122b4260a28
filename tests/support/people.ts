import { expect } from 'vitest';
import { ApiClient, sessionClient, uniqueName } from './http';

export const TEST_PASSWORD = 'correct horse battery';

/** Creates a user through the API as the admin client, and a session of theirs. */
export async function newPerson(admin: ApiClient, roles: string[], options: { departmentId?: string | null; name?: string } = {}) {
  const email = `${uniqueName(roles.join('-')).replace(/\s/g, '-').toLowerCase()}@test.local`;
  const response = await admin.post('/api/users', { email, name: options.name ?? `Test ${roles.join(' ')}`, roles, password: TEST_PASSWORD, departmentId: options.departmentId ?? null });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const client = await sessionClient(email, TEST_PASSWORD);
  return { id: response.body.id as string, email, client };
}

export async function newDepartment(admin: ApiClient, name: string, extra: { parentId?: string; managerId?: string } = {}): Promise<string> {
  const response = await admin.post('/api/departments', { name: uniqueName(name), ...extra });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}
