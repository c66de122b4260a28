import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN, submitSignIn } from '../support/browser';

/**
 * A staff member's daily sales work in the sales-crm pack: a lead converted with the button on
 * its page, then an order with three discounted lines whose totals are right while typing and
 * after saving.
 */

const RUN = Date.now().toString(36);
const STAFF = { email: `sales-${RUN}@test.local`, password: 'sales-password-1', name: 'Zhou Sales' };

test.use({ locale: 'en-US' });
test.setTimeout(240_000);

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await submitSignIn(page, email, password);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');

/** Picks an option of an antd Select by its visible text, typing first (long and remote lists filter by what is typed). */
async function choose(page: Page, select: Locator, option: string | RegExp, search?: string) {
  await select.click();
  if (search) await select.fill(search);
  await openDropdown(page).filter({ hasText: option }).first().click();
}

test('a staff member converts a lead and books an order with three discounted lines', async ({ page, browser }) => {
  // ---- Admin: a salesperson, two products and a warehouse ----
  await signIn(page, ADMIN.email, ADMIN.password);
  const post = async (path: string, data: Record<string, unknown>) => {
    const response = await page.request.post(path, { data });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as { id: string };
  };
  await post('/api/users', { email: STAFF.email, name: STAFF.name, role: 'staff', password: STAFF.password });
  const servo = `Servo motor ${RUN}`;
  const cable = `Encoder cable ${RUN}`;
  await post('/api/records/product', { sku: `SRV-${RUN}`, name: servo, unit: 'pcs', listPrice: 199_99, cost: 120_00 });
  await post('/api/records/product', { sku: `CBL-${RUN}`, name: cable, unit: 'm', listPrice: 80_00 });
  const warehouse = `Shanghai DC ${RUN}`;
  await post('/api/records/warehouse', { code: `SH-${RUN}`, name: warehouse });

  // ---- Staff: a lead from the trade show ----
  const context = await browser.newContext({ locale: 'en-US' });
  const staff = await context.newPage();
  await signIn(staff, STAFF.email, STAFF.password);
  const company = `Hangzhou Brightline ${RUN}`;
  await staff.goto('/records/lead/new');
  await staff.getByRole('textbox', { name: /Contact name/ }).fill('Li Xiaoyan');
  await staff.getByRole('textbox', { name: /^(\* )?Company$/ }).fill(company);
  await staff.getByRole('textbox', { name: /Job title/ }).fill('Purchasing manager');
  await staff.getByRole('textbox', { name: /^(\* )?Email$/ }).fill('li@brightline.example.com');
  await choose(staff, staff.getByRole('combobox', { name: /^Source$/ }), 'Exhibition');
  await staff.getByTestId('record-save').click();
  await expect(staff.getByTestId('record-title')).toHaveText('Li Xiaoyan');
  await expect(staff.getByTestId('record-action-convert')).toBeVisible();

  // ---- Convert: the button makes customer, contact and opportunity, and opens the opportunity ----
  await staff.getByTestId('record-action-convert').click();
  await staff.locator('.ant-popconfirm').getByRole('button', { name: 'Yes' }).click();
  await expect(staff).toHaveURL(/\/records\/opportunity\/[0-9a-f]{24}$/);
  await expect(staff.getByTestId('record-title')).toHaveText(`${company} - Li Xiaoyan`);
  await expect(staff.getByText('Qualification').first()).toBeVisible();
  await expect(staff.getByRole('link', { name: company }).first()).toBeVisible();

  // The lead now says converted and links what it made; the button is gone.
  await staff.goBack();
  await staff.reload();
  await expect(staff.getByText('Converted').first()).toBeVisible();
  await expect(staff.getByTestId('record-action-convert')).toHaveCount(0);
  await expect(staff.getByRole('link', { name: company }).first()).toBeVisible();

  // ---- An order for the new customer with three lines ----
  await staff.goto('/records/order/new');
  await choose(staff, staff.getByRole('combobox', { name: /^(\* )?Customer$/ }), company, company);
  // The booking month follows the order date (a formula): nothing to pick.
  await choose(staff, staff.getByRole('combobox', { name: /Ship from/ }), warehouse, warehouse);
  const lines: [string, string, string, string][] = [
    [servo, '3', '199.99', '10'], // 599.97 − 10 % = 539.97
    [cable, '2.5', '80', '12.5'], // 200.00 − 12.5 % = 175.00
    [cable, '7', '13.33', ''], // 93.31
  ];
  for (const [index, [product, quantity, price, discount]] of lines.entries()) {
    // The form opens with the one line an order needs; further lines are added.
    if ((await staff.locator(`#root_lines_${index}_product`).count()) === 0) await staff.getByTestId('root_lines-add').click();
    await choose(staff, staff.locator(`#root_lines_${index}_product`), product, product);
    await staff.locator(`#root_lines_${index}_quantity`).fill(quantity);
    await staff.locator(`#root_lines_${index}_unitPrice`).fill(price);
    if (discount) await staff.locator(`#root_lines_${index}_discount`).fill(discount);
  }
  // Computed while typing by the server's own formula module.
  await expect(staff.locator('#root_lines_0_amount')).toHaveValue(/539\.97/);
  await expect(staff.locator('#root_lines_1_amount')).toHaveValue(/^175(\.00)?$/);
  await expect(staff.locator('#root_lines_2_amount')).toHaveValue(/93\.31/);
  await expect(staff.locator('#root_subtotal')).toHaveValue(/893\.28/);
  await expect(staff.locator('#root_discountTotal')).toHaveValue(/^85(\.00)?$/);
  await expect(staff.locator('#root_total')).toHaveValue(/808\.28/);
  await staff.getByTestId('record-save').click();

  // ---- Saved: the server computed the same ----
  await expect(staff.getByTestId('record-title')).toHaveText(/^SO-\d{6}-\d{4}$/);
  const orderId = staff.url().split('/').pop()!;
  const saved = await staff.request.get(`/api/records/order/${orderId}`);
  const order = (await saved.json()) as { data: Record<string, any> };
  expect(order.data.lines.map((line: { amount: number }) => line.amount)).toEqual([539_97, 175_00, 93_31]);
  expect(order.data).toMatchObject({ subtotal: 893_28, discountTotal: 85_00, total: 808_28, balance: 808_28, status: 'draft', owner: expect.any(String) });
  await expect(staff.getByText(/808\.28/).first()).toBeVisible();
  await expect(staff.getByText(/893\.28/).first()).toBeVisible();

  // A staff member never sees product costs.
  const products = await staff.request.get(`/api/records/product?q=${encodeURIComponent(RUN)}`);
  const items = ((await products.json()) as { items: { data: Record<string, unknown> }[] }).items;
  expect(items).toHaveLength(2);
  for (const item of items) expect(item.data).not.toHaveProperty('cost');
  await context.close();
});
