import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN, pickOption, submitSignIn } from '../support/browser';

/**
 * A sales rep on a phone (390 × 844): the menu opens as a drawer grouped by app, the page never
 * scrolls sideways, a customer and an order with two lines (sub-table rows as cards) are
 * saved, an admin page says "no permission", and the export dialog's chosen fields are exactly
 * the columns of the CSV, numbers without separators.
 */

const RUN = Date.now().toString(36);
const REP = { email: `rep-${RUN}@test.local`, password: 'rep-password-123', name: 'Wang Rep' };
const PHONE = { width: 390, height: 844 };

test.use({ locale: 'en-US' });
test.setTimeout(240_000);

/** The page scrolls sideways when its content is wider than the screen. */
async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(width, `page ${page.url()} is ${width}px wide`).toBeLessThanOrEqual(PHONE.width);
}

test('a sales rep works from a phone: drawer menu, a customer, an order with two lines, no admin pages, an export of chosen fields', async ({ page, browser }) => {
  // ---- Admin (desktop): the rep, a product and a warehouse ----
  await page.goto('/signin');
  await submitSignIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const post = async (path: string, data: Record<string, unknown>) => {
    const response = await page.request.post(path, { data });
    expect(response.status(), await response.text()).toBe(201);
  };
  await post('/api/users', { email: REP.email, name: REP.name, roles: ['sales_rep'], password: REP.password });
  const product = `Gear pump ${RUN}`;
  await post('/api/records/product', { sku: `GP-${RUN}`, name: product, unit: 'pcs', listPrice: 1234_50 });
  const warehouse = `Suzhou DC ${RUN}`;
  await post('/api/records/warehouse', { code: `SZ-${RUN}`, name: warehouse });

  // ---- The rep signs in on a phone ----
  const context = await browser.newContext({ locale: 'en-US', viewport: PHONE, acceptDownloads: true });
  const rep = await context.newPage();
  await rep.goto('/signin');
  await submitSignIn(rep, REP.email, REP.password);
  await expect(rep.getByTestId('nav-toggle')).toBeVisible();
  // Home is the first dashboard shared with the rep, its widgets one per row.
  await expect(rep).toHaveURL(/\/dashboards\/sales-overview/);
  await expect(rep.getByTestId('dashboard-grid').locator('.react-grid-item').first()).toBeVisible();
  await expectNoSidewaysScroll(rep);
  // The header keeps the language switch and sign-out in one compact menu: nothing overlaps the title.
  await expect(rep.getByTestId('language-switch')).toHaveCount(0);
  await expect(rep.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await rep.getByTestId('header-more').click();
  await expect(rep.getByRole('menuitem', { name: 'English' })).toBeVisible();
  await expect(rep.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
  await rep.keyboard.press('Escape');

  // ---- The drawer menu, grouped by app, each form with its icon ----
  await rep.getByTestId('nav-toggle').click();
  const drawer = rep.locator('.nav-drawer');
  await expect(drawer.getByTestId('nav-app-sales-crm')).toBeVisible();
  await expect(drawer.getByTestId('nav-app-sales-crm')).toHaveText('Sales CRM');
  const salesGroup = drawer.locator('.ant-menu-submenu', { has: rep.getByTestId('nav-app-sales-crm') });
  await expect(salesGroup.getByTestId('nav-entity-customer')).toBeVisible();
  await expect(salesGroup.getByTestId('nav-entity-order')).toBeVisible();
  await expect(salesGroup.locator('.ant-menu-item', { has: rep.getByTestId('nav-entity-customer') }).locator('.anticon-team')).toBeVisible();
  // Administration is not offered to a rep.
  await expect(drawer.getByText('Administration')).toHaveCount(0);
  // The drawer overlays the page: nothing is pushed sideways.
  await expectNoSidewaysScroll(rep);
  await salesGroup.getByTestId('nav-entity-customer').click();
  await expect(rep).toHaveURL(/\/records\/customer$/);
  await expect(drawer.getByTestId('nav-app-sales-crm')).toBeHidden();
  await expectNoSidewaysScroll(rep);

  // ---- A customer, through the form ----
  const customer = `Ningbo Harbour Trading ${RUN}`;
  await rep.goto('/records/customer/new');
  await rep.getByRole('textbox', { name: /^(\* )?Name$/ }).fill(customer);
  await rep.locator('#root_annualRevenue').fill('1234567.89');
  await expectNoSidewaysScroll(rep);
  await rep.getByTestId('record-save').click();
  await expect(rep.getByTestId('record-title')).toHaveText(customer);
  await expectNoSidewaysScroll(rep);

  // ---- An order with two lines, each line a card with all six columns ----
  await rep.goto('/records/order/new');
  await pickOption(rep, rep.getByRole('combobox', { name: /^(\* )?Customer$/ }), customer, customer);
  await pickOption(rep, rep.getByRole('combobox', { name: /Ship from/ }), warehouse, warehouse);
  const cards = rep.getByTestId('root_lines-cards').getByTestId('subtable-card');
  for (const [index, quantity] of ['2', '10'].entries()) {
    if ((await rep.locator(`#root_lines_${index}_product`).count()) === 0) await rep.getByTestId('root_lines-add').click();
    await pickOption(rep, rep.locator(`#root_lines_${index}_product`), product, product);
    await rep.locator(`#root_lines_${index}_quantity`).fill(quantity);
    await rep.locator(`#root_lines_${index}_unitPrice`).fill('1234.50');
  }
  await expect(cards).toHaveCount(2);
  for (const card of [cards.nth(0), cards.nth(1)]) {
    // Required columns' labels start with a red "*".
    for (const label of ['Product', 'Quantity', 'Unit price', 'Discount %', 'Gross', 'Line amount']) await expect(card.getByText(new RegExp(`^\\*?${label}$`)).first()).toBeVisible();
  }
  // Every input of a line is on screen, none cut off at the right edge.
  for (const id of ['product', 'quantity', 'unitPrice', 'discount']) {
    const box = await rep.locator(`#root_lines_1_${id}`).boundingBox();
    expect(box, id).not.toBeNull();
    expect(box!.x + box!.width, id).toBeLessThanOrEqual(PHONE.width);
  }
  await expect(rep.locator('#root_lines_1_amount')).toHaveValue(/12,?345(\.00)?/);
  await expectNoSidewaysScroll(rep);
  await rep.getByTestId('record-save').click();
  await expect(rep.getByTestId('record-title')).toHaveText(/^SO-\d{6}-\d{4}$/);
  await expectNoSidewaysScroll(rep);
  // The detail shows the lines as cards too.
  await expect(rep.getByTestId('subtable-cards-lines').getByTestId('subtable-card')).toHaveCount(2);
  const orderId = rep.url().split('/').pop()!;
  const saved = (await (await rep.request.get(`/api/records/order/${orderId}`)).json()) as { data: Record<string, any> };
  expect(saved.data.lines.map((line: { quantity: number; amount: number }) => [line.quantity, line.amount])).toEqual([
    [2, 2469_00],
    [10, 12345_00],
  ]);

  // ---- An admin page opened by its address: no permission, no buttons ----
  for (const path of ['/admin/users', '/admin/entities', '/admin/templates']) {
    await rep.goto(path);
    await expect(rep.getByTestId('no-permission')).toBeVisible();
    await expect(rep.getByText('No permission')).toBeVisible();
    await expect(rep.getByRole('link', { name: 'Back to the home page' })).toBeVisible();
  }
  await expect(rep.getByTestId('user-new')).toHaveCount(0);
  await expect(rep.locator('.ant-table')).toHaveCount(0);

  // ---- The export dialog: chosen fields are exactly the CSV's columns, numbers without separators ----
  await rep.goto('/records/customer');
  await rep.getByTestId('list-search').locator('input').fill(customer);
  await rep.getByTestId('list-search').locator('input').press('Enter');
  await expect(rep.getByRole('row', { name: new RegExp(customer) })).toBeVisible();
  await expectNoSidewaysScroll(rep);
  await rep.getByTestId('export-choose').click();
  const dialog = rep.getByRole('dialog', { name: 'Export' });
  await dialog.getByText('Choose fields').click();
  await dialog.getByRole('button', { name: 'None' }).click();
  for (const key of ['name', 'annualRevenue', 'createdAt']) await dialog.getByTestId(`export-field-${key}`).click();
  await dialog.getByTestId('export-remember').click();
  const [download] = await Promise.all([rep.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
  const lines = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines[0].split(',')).toEqual(['Name', 'Annual revenue', 'Created']);
  expect(lines).toHaveLength(2);
  const cells = lines[1].split(',');
  expect(cells[0]).toBe(customer);
  expect(cells[1]).toBe('1234567.89');
  expect(cells[2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  // The selection is remembered for customers: the quick CSV link now asks for the same fields.
  await expect(rep.getByTestId('export-csv')).toHaveAttribute('href', /columns=name%2CannualRevenue%2CcreatedAt/);
  await context.close();
});
