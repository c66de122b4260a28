import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { ADMIN, submitSignIn } from '../support/browser';

/**
 * A new company sets up its sales team in the browser: two departments, a sales manager for
 * one of them and three sales reps. Each rep then sees only their own customers, in the list,
 * the board, a search, the dashboard and an export; the manager sees their department's.
 */

const RUN = Date.now().toString(36);
const PASSWORD = 'team-password-2026';
const tag = `Scope${RUN}`;

test.use({ locale: 'en-US' });
test.setTimeout(300_000);

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await submitSignIn(page, email, password);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

async function choose(page: Page, select: Locator, option: string, { multiple = false } = {}) {
  await select.click();
  await page.keyboard.type(option);
  // The search leaves the option first and active: Enter picks it, as a keyboard user would (a
  // click could land while the filtered list is still being redrawn, and be lost).
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option-active', { hasText: option })).toBeVisible();
  await page.keyboard.press('Enter');
  // A multiple select stays open after a choice; Escape closes it (and, once it is closed, would close the dialog).
  if (multiple) {
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(1);
    await page.keyboard.press('Escape');
  }
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

async function newDepartment(page: Page, name: string) {
  await page.getByTestId('department-new').click();
  await page.getByTestId('department-name').fill(name);
  await page.getByTestId('department-save').click();
  await expect(page.getByTestId(`department-${name}`)).toBeVisible();
}

async function newUser(page: Page, person: { name: string; email: string; role: string; department: string }) {
  await page.getByTestId('user-new').click();
  await page.getByTestId('user-name').fill(person.name);
  await page.getByTestId('user-email').fill(person.email);
  const roles = page.getByTestId('user-roles');
  // The form starts with the staff role: replace it.
  await roles.locator('.ant-select-selection-item-remove').first().click();
  await choose(page, roles, person.role, { multiple: true });
  await choose(page, page.getByTestId('user-department'), person.department);
  await page.getByTestId('user-password').fill(PASSWORD);
  await page.getByTestId('user-save').click();
  await expect(page.getByRole('cell', { name: person.email, exact: true })).toBeVisible();
}

async function session(context: BrowserContext, email: string) {
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  return page;
}

async function listedNames(page: Page): Promise<string[]> {
  await page.goto('/records/customer');
  await page.getByTestId('list-search').locator('input').fill(tag);
  await page.getByTestId('list-search').locator('input').press('Enter');
  await expect(page.locator('.ant-table-row, .ant-empty').first()).toBeVisible();
  await page.waitForTimeout(500);
  return (await page.locator('.ant-table-row').allInnerTexts()).map((text) => text.match(new RegExp(`${tag} [A-Za-z]+`))?.[0] ?? '').filter(Boolean).sort();
}

test('reps see their own customers everywhere; the sales manager sees the department’s', async ({ page, browser }) => {
  const east = `East ${RUN}`;
  const west = `West ${RUN}`;
  const people = {
    manager: { name: `Mgr ${RUN}`, email: `mgr-${RUN}@test.local`, role: 'Sales manager', department: east },
    anna: { name: `Anna ${RUN}`, email: `anna-${RUN}@test.local`, role: 'Sales rep', department: east },
    bo: { name: `Bo ${RUN}`, email: `bo-${RUN}@test.local`, role: 'Sales rep', department: east },
    chen: { name: `Chen ${RUN}`, email: `chen-${RUN}@test.local`, role: 'Sales rep', department: west },
  };

  // ---- The admin sets up the team in the browser ----
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/admin/departments');
  await newDepartment(page, east);
  await newDepartment(page, west);
  await page.goto('/admin/users');
  for (const person of Object.values(people)) await newUser(page, person);
  await page.goto('/admin/departments');
  await page.getByTestId(`department-${east}`).getByRole('button', { name: 'Edit' }).click();
  await choose(page, page.getByTestId('department-manager'), people.manager.name);
  await page.getByTestId('department-save').click();
  await expect(page.getByTestId(`department-${east}`)).toContainText(people.manager.name);

  // ---- Each rep records a customer of their own ----
  const pages: Record<string, Page> = {};
  for (const key of ['anna', 'bo', 'chen'] as const) {
    // Each rep in a browser of their own (their own cookies).
    pages[key] = await session(await browser.newContext({ locale: 'en-US', acceptDownloads: true }), people[key].email);
    const created = await pages[key].request.post('/api/records/customer', { data: { name: `${tag} ${key}`, status: 'active', source: 'referral' } });
    expect(created.status(), await created.text()).toBe(201);
  }

  // ---- Anna: list, search, board, dashboard and export hold only her customer ----
  const anna = pages.anna;
  expect(await listedNames(anna)).toEqual([`${tag} anna`]);
  const csv = await Promise.all([anna.waitForEvent('download'), anna.getByTestId('export-csv').click()]).then(async ([download]) => readFileSync((await download.path())!).toString('utf8'));
  expect(csv).toContain(`${tag} anna`);
  expect(csv).not.toContain(`${tag} bo`);
  expect(csv).not.toContain(`${tag} chen`);
  await anna.goto(`/records/customer/kanban`);
  await anna.getByTestId('list-search').locator('input').fill(tag);
  await anna.getByTestId('list-search').locator('input').press('Enter');
  await expect(anna.getByText(`${tag} anna`)).toBeVisible();
  await expect(anna.getByText(`${tag} bo`)).toHaveCount(0);
  await anna.goto('/dashboards/sales-overview');
  const bySource = anna.getByTestId('widget-customers-by-source');
  await expect(bySource.locator('canvas')).toBeVisible();
  const [series] = JSON.parse((await bySource.getAttribute('data-points')) ?? '[]') as { points: { value: number }[] }[];
  expect(series.points.reduce((sum, point) => sum + point.value, 0)).toBe(1);

  // ---- The sales manager: the department's customers, not the other department's ----
  const manager = await session(await browser.newContext({ locale: 'en-US' }), people.manager.email);
  expect(await listedNames(manager)).toEqual([`${tag} anna`, `${tag} bo`]);
  // ---- Chen, in the other department, only his ----
  expect(await listedNames(pages.chen)).toEqual([`${tag} chen`]);
});
