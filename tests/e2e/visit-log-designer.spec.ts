import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN, dragCard, pickOption, submitSignIn } from '../support/browser';

const STAFF = { email: `staff-${Date.now()}@test.local`, password: 'staff-password-1', name: 'Wang Staff' };

test.use({ locale: 'en-US' });
test.setTimeout(300_000);

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await submitSignIn(page, email, password);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Picks an option of a select that acts at once and shows no value after (the column menu): clicked once. */
async function choose(page: Page, select: Locator, option: string | RegExp, search?: string) {
  await select.click();
  if (search) await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** Sets the selected field's key (applied on Enter) and English label. */
async function nameField(page: Page, key: string, label: string) {
  const settings = page.getByTestId('designer-settings');
  await settings.getByTestId('designer-setting-key').fill(key);
  await settings.getByTestId('designer-setting-key').press('Enter');
  await settings.getByTestId('designer-setting-label-en').fill(label);
  await expect(page.getByTestId(`designer-field-${key}`)).toBeVisible();
}

async function addField(page: Page, type: string, key: string, label: string) {
  await page.getByTestId(`designer-palette-${type}`).click();
  await nameField(page, key, label);
}

/** A sub-table column: added from the column menu, then named in its own settings panel. */
async function addColumn(page: Page, typeLabel: string, key: string, label: string) {
  const settings = page.getByTestId('designer-settings');
  await choose(page, settings.getByTestId('designer-setting-fields-add'), new RegExp(`^${typeLabel}$`), typeLabel);
  const panel = settings.locator('[data-testid$="-settings"]').last();
  await panel.getByTestId('designer-setting-key').fill(key);
  await panel.getByTestId('designer-setting-key').press('Enter');
  const column = settings.getByTestId(`designer-column-${key}-settings`);
  await column.getByTestId('designer-setting-label-en').fill(label);
  return column;
}

test('an admin designs a visit log; staff fill one in, filter, save a view, move it on the board and read its history', async ({ page, browser }) => {
  const key = `visit_log_${Date.now().toString(36)}`;
  const customerName = `Visit customer ${Date.now()}`;

  // ---- Admin: the designer ----
  await signIn(page, ADMIN.email, ADMIN.password);
  const staff = await page.request.post('/api/users', { data: { email: STAFF.email, name: STAFF.name, role: 'staff', password: STAFF.password } });
  expect(staff.status()).toBe(201);
  const customer = await page.request.post('/api/records/customer', { data: { name: customerName } });
  expect(customer.status()).toBe(201);

  await page.goto('/admin/entities');
  await page.getByTestId('designer-new-entity').click();
  await page.getByTestId('designer-tab-entity').click();
  await page.getByTestId('designer-entity-key').fill(key);
  await page.getByTestId('designer-entity-label-zh').fill('拜访记录');
  await page.getByTestId('designer-entity-label-en').fill('Visit log');

  await page.getByTestId('designer-tab-design').click();
  await page.getByTestId('designer-field-name').click();
  await page.getByTestId('designer-settings').getByTestId('designer-setting-label-en').fill('Subject');

  await addField(page, 'date', 'visitDate', 'Visit date');
  await addField(page, 'select', 'outcome', 'Outcome');
  const settings = page.getByTestId('designer-settings');
  await settings.getByTestId('designer-option-0-value').fill('positive');
  await settings.getByTestId('designer-option-0-en').fill('Positive');
  await settings.getByTestId('designer-option-1-value').fill('negative');
  await settings.getByTestId('designer-option-1-en').fill('Negative');
  await addField(page, 'relation', 'customer', 'Customer');
  // Other suites' entities are in the list (some labelled "Customer …", some drafts): narrowed to the key.
  await pickOption(page, settings.getByTestId('designer-setting-relation-entity'), '(customer)', '(customer)');
  await addField(page, 'number', 'visitors', 'Visitors');
  await addField(page, 'boolean', 'onsite', 'On site');
  await addField(page, 'user', 'host', 'Host');
  await addField(page, 'subtable', 'items', 'Items');
  await settings.getByTestId('designer-column-field_1').click();
  const product = settings.getByTestId('designer-column-field_1-settings');
  await product.getByTestId('designer-setting-key').fill('product');
  await product.getByTestId('designer-setting-key').press('Enter');
  await settings.getByTestId('designer-column-product-settings').getByTestId('designer-setting-label-en').fill('Product');
  await addColumn(page, 'Number', 'quantity', 'Quantity');
  await addColumn(page, 'Money', 'unitPrice', 'Unit price');
  const amount = await addColumn(page, 'Formula', 'amount', 'Amount');
  await amount.getByTestId('designer-setting-formula-expression').fill('quantity * unitPrice');
  await pickOption(page, amount.getByTestId('designer-setting-formula-result'), 'Money');
  await addField(page, 'formula', 'total', 'Total');
  await settings.getByTestId('designer-setting-formula-expression').fill('SUM(items.amount)');
  await pickOption(page, settings.getByTestId('designer-setting-formula-result'), 'Money');

  await page.getByTestId('designer-tab-entity').click();
  await pickOption(page, page.getByTestId('designer-entity-kanban-field'), 'Outcome');
  await page.getByTestId('designer-entity-list-columns').click();
  for (const column of ['Customer', 'Total']) {
    await page.keyboard.type(column);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: `${column} (` }).click();
  }
  await page.keyboard.press('Escape');

  // The live preview is the form staff will see.
  await page.getByTestId('designer-tab-preview').click();
  await expect(page.getByTestId('designer-preview')).toContainText('Unit price');

  await page.getByTestId('designer-save').click();
  await expect(page.getByTestId('designer-problems')).toHaveCount(0);
  await page.getByTestId('designer-publish').click();
  await expect(page.getByTestId('designer-published-version')).toContainText('1');

  // ---- Staff: fill one in ----
  const staffContext = await browser.newContext({ locale: 'en-US' });
  const staffPage = await staffContext.newPage();
  await signIn(staffPage, STAFF.email, STAFF.password);
  await staffPage.goto(`/records/${key}/new`);
  await staffPage.getByRole('textbox', { name: /Subject/ }).fill('Quarterly review');
  await pickOption(staffPage, staffPage.getByRole('combobox', { name: /Outcome/ }), 'Positive');
  const picker = staffPage.getByRole('combobox', { name: /Customer/ });
  await picker.click();
  await picker.fill(customerName);
  await staffPage.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: customerName }).click();
  await staffPage.getByTestId('root_items-add').click();
  // Cells of a sub-table row are named by their column headers.
  await staffPage.locator('#root_items_0_product').fill('Demo kit');
  await staffPage.locator('#root_items_0_quantity').fill('3');
  await staffPage.locator('#root_items_0_unitPrice').fill('19.99');
  // The line amount and the total show while typing, computed by the same module as the server.
  await expect(staffPage.locator('#root_items_0_amount')).toHaveValue(/59\.97/);
  await expect(staffPage.locator('#root_total')).toHaveValue(/59\.97/);
  await staffPage.getByTestId('record-save').click();

  await expect(staffPage.getByTestId('record-title')).toHaveText('Quarterly review');
  // 3 × ¥19.99, computed on the server.
  await expect(staffPage.getByText('¥59.97').first()).toBeVisible();
  const recordId = staffPage.url().split('/').pop()!;

  // ---- Find it through a filter, then a saved view ----
  await staffPage.goto(`/records/${key}`);
  await staffPage.getByTestId('filter-add').click();
  await pickOption(staffPage, staffPage.getByTestId('filter-field-0'), 'Total');
  await pickOption(staffPage, staffPage.getByTestId('filter-op-0'), /greater than$/i);
  await staffPage.getByTestId('filter-value-0').locator('xpath=descendant-or-self::input').fill('59');
  await staffPage.getByTestId('filter-apply').click();
  await expect(staffPage.getByRole('row', { name: /Quarterly review/ })).toBeVisible();
  await staffPage.getByTestId('view-save').click();
  await staffPage.getByTestId('view-name').fill('Big visits');
  await staffPage.getByTestId('view-save-confirm').click();
  await staffPage.goto(`/records/${key}`);
  await pickOption(staffPage, staffPage.getByTestId('view-select'), 'Big visits');
  await expect(staffPage.getByRole('row', { name: /Quarterly review/ })).toBeVisible();

  // ---- Kanban: drag the card to another lane ----
  await staffPage.goto(`/records/${key}/kanban`);
  const card = staffPage.getByTestId(`kanban-card-${recordId}`);
  const target = staffPage.getByTestId('kanban-lane-negative');
  await expect(staffPage.getByTestId('kanban-lane-positive')).toContainText('Quarterly review');
  await dragCard(staffPage, card, target);
  await expect(target).toContainText('Quarterly review');

  // ---- The record and its history ----
  await staffPage.goto(`/records/${key}/${recordId}`);
  await expect(staffPage.getByText('Negative').first()).toBeVisible();
  await staffPage.getByTestId('record-history').click();
  await expect(staffPage.getByTestId('history-entry')).toHaveCount(2);
  await expect(staffPage.getByTestId('history-entry').first()).toContainText(STAFF.name);
  await expect(staffPage.getByTestId('history-entry').first()).toContainText('Positive');
  await expect(staffPage.getByTestId('history-entry').first()).toContainText('Negative');
  await staffContext.close();
});
