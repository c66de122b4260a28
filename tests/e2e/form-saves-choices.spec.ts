import { expect, test, type Page } from '@playwright/test';
import { ADMIN, submitSignIn } from '../support/browser';

/**
 * A form saves exactly what the person typed or chose: a customer made with only its name
 * has no level, industry, source, region or tags picked for them (the status and owner are
 * the definition's own defaults), and an edit of the notes alone changes the notes alone.
 */

const RUN = Date.now().toString(36);
const PASSWORD = 'form-choices-2026';
const AFTER_LOAD = { timeout: 60_000 };

test.use({ locale: 'en-US' });
test.setTimeout(180_000);

/** A text input or area by its label; required fields' labels start with "* ". */
function field(page: Page, label: string) {
  return page.getByRole('textbox', { name: new RegExp(`^(\\* )?${label}$`) });
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await submitSignIn(page, email, password);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible(AFTER_LOAD);
}

test('a customer made with its name alone stores no other choice, and a notes edit changes only the notes', async ({ page, browser }) => {
  // The admin adds a sales rep (setup through the API; the forms under test are the rep's).
  await signIn(page, ADMIN.email, ADMIN.password);
  const email = `rep-${RUN}@test.local`;
  const user = await page.request.post('/api/users', { data: { email, name: `Rep ${RUN}`, roles: ['sales_rep'], password: PASSWORD, departmentId: null } });
  expect(user.status(), await user.text()).toBe(201);
  const repId = ((await user.json()) as { id: string }).id;

  const rep = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await signIn(rep, email, PASSWORD);

  // ---- New customer: the name, nothing else ----
  const name = `Only a name ${RUN}`;
  await rep.goto('/records/customer/new');
  await expect(rep.getByText('New Customer')).toBeVisible(AFTER_LOAD);
  await field(rep, 'Name').fill(name);
  await rep.getByTestId('record-save').click();
  await expect(rep.getByTestId('record-title')).toHaveText(name, AFTER_LOAD);
  const id = /\/records\/customer\/([0-9a-f]{24})$/.exec(new URL(rep.url()).pathname)?.[1];
  expect(id, rep.url()).toBeTruthy();

  const created = await rep.request.get(`/api/records/customer/${id}`);
  expect(created.status()).toBe(200);
  const data = ((await created.json()) as { data: Record<string, unknown> }).data;
  for (const optional of ['level', 'industry', 'source', 'region', 'tags', 'notes']) {
    expect([undefined, null, '', []], `${optional} is ${JSON.stringify(data[optional])}`).toContainEqual(data[optional]);
  }
  // What the definition itself sets: the status's default and the person as owner.
  expect(data).toMatchObject({ name, status: 'potential', owner: repId });

  // ---- Edit: the notes alone ----
  await rep.getByTestId('record-edit').click();
  await expect(field(rep, 'Name')).toHaveValue(name, AFTER_LOAD);
  await field(rep, 'Notes').fill('Prefers calls in the morning.');
  await rep.getByTestId('record-save').click();
  await expect(rep).toHaveURL(new RegExp(`/records/customer/${id}$`), AFTER_LOAD);
  await expect(rep.getByText('Prefers calls in the morning.')).toBeVisible(AFTER_LOAD);

  const history = await rep.request.get(`/api/records/customer/${id}/history`);
  expect(history.status()).toBe(200);
  const entries = (await history.json()) as { version: number; action: string; actor: { id: string }; changes: { field: string; before: unknown; after: unknown }[] }[];
  expect(entries.map((entry) => [entry.version, entry.action])).toEqual([
    [2, 'update'],
    [1, 'create'],
  ]);
  expect(entries[0].actor.id).toBe(repId);
  expect(entries[0].changes).toEqual([{ field: 'notes', before: null, after: 'Prefers calls in the morning.' }]);
  // The creation recorded only what was typed, and what the definition sets by itself.
  const createdFields = entries[1].changes.map((change) => change.field);
  for (const optional of ['level', 'industry', 'source', 'region', 'tags']) expect(createdFields).not.toContain(optional);
});
