import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN, dragCard, pickOption, submitSignIn } from '../support/browser';

/**
 * A sales team's daily forms in the sales-crm pack, in both languages: a product picked on an
 * order line brings its price and unit (still editable, saved as shown) and the picker shows
 * its SKU and price; an opportunity dropped on "lost" asks for the lost reason and saves both,
 * or stays where it was when cancelled; the form designer keeps edits made right after a key.
 */

test.setTimeout(240_000);

const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');

/** Drags until the move dialog opens: under load the board may miss a drag that starts before it is ready. */
async function dragToDialog(page: Page, card: Locator, lane: Locator, dialog: Locator) {
  await expect(async () => {
    await dragCard(page, card, lane);
    await expect(dialog).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
}

const LANGUAGES = [
  { locale: 'en-US', signOut: 'Sign out', customer: /^(\* )?Customer$/, warehouse: /Ship from/, lostReason: 'Lost reason', price: 'Price', required: 'Lost reason: This field is required.', label: 'Region', box: 'box' },
  { locale: 'zh-CN', signOut: '退出登录', customer: /^(\* )?客户$/, warehouse: /发货仓库/, lostReason: '输单原因', price: '价格', required: '输单原因：此项为必填项。', label: '区域', box: '箱' },
] as const;

for (const lang of LANGUAGES) {
  test.describe(`daily forms (${lang.locale})`, () => {
    // Wide enough for every lane of the opportunity board, "lost" included, to be a drop target.
    test.use({ locale: lang.locale, viewport: { width: 2400, height: 900 } });

    test('a product picked on an order line fills its price and unit; a lost opportunity asks for its reason', async ({ page, browser }) => {
      const RUN = `${lang.locale.slice(0, 2)}${Date.now().toString(36)}`;
      const staff = { email: `daily-${RUN}@test.local`, password: 'daily-password-1', name: `Daily ${RUN}` };
      await page.goto('/signin');
      await submitSignIn(page, ADMIN.email, ADMIN.password);
      await expect(page.getByRole('button', { name: lang.signOut })).toBeVisible();
      const post = async (path: string, data: Record<string, unknown>) => {
        const response = await page.request.post(path, { data });
        expect(response.status(), await response.text()).toBe(201);
        return (await response.json()) as { id: string };
      };
      await post('/api/users', { email: staff.email, name: staff.name, role: 'staff', password: staff.password });
      const sku = `BOX-${RUN}`.toUpperCase();
      const productName = `Packing crate ${RUN}`;
      await post('/api/records/product', { sku, name: productName, unit: 'box', listPrice: 123_45 });
      const warehouse = `Daily DC ${RUN}`;
      await post('/api/records/warehouse', { code: `DD-${RUN}`, name: warehouse });

      const context = await browser.newContext({ locale: lang.locale });
      const sales = await context.newPage();
      await sales.goto('/signin');
      await submitSignIn(sales, staff.email, staff.password);
      await expect(sales.getByRole('button', { name: lang.signOut })).toBeVisible();
      // The salesperson's own customer and opportunity (their role sees their own records).
      const create = async (path: string, data: Record<string, unknown>) => {
        const response = await sales.request.post(path, { data });
        expect(response.status(), await response.text()).toBe(201);
        return (await response.json()) as { id: string };
      };
      const customerName = `Daily customer ${RUN}`;
      const customer = await create('/api/records/customer', { name: customerName });

      // ---- An order line: the picker shows the SKU and price, the pick fills price and unit ----
      await sales.goto('/records/order/new');
      await pickOption(sales, sales.getByRole('combobox', { name: lang.customer }), customerName, customerName);
      await pickOption(sales, sales.getByRole('combobox', { name: lang.warehouse }), warehouse, warehouse);
      const product = sales.locator('#root_lines_0_product');
      await product.click();
      await product.fill(RUN);
      const option = openDropdown(sales).filter({ hasText: productName });
      await expect(option).toContainText(sku);
      await expect(option).toContainText(/¥123\.45/);
      await option.click();
      await expect(sales.locator('#root_lines_0_unitPrice')).toHaveValue(/^123\.45$/);
      await expect(sales.locator('.ant-select:has(#root_lines_0_unit)')).toContainText(lang.box);
      // Still editable: the price agreed today is what is saved.
      await sales.locator('#root_lines_0_unitPrice').fill('120.5');
      await sales.locator('#root_lines_0_quantity').fill('2');
      await expect(sales.locator('#root_lines_0_amount')).toHaveValue(/241(\.00)?$/);
      await sales.getByTestId('record-save').click();
      await expect(sales.getByTestId('record-title')).toHaveText(/^SO-\d{6}-\d{4}$/);
      const orderId = sales.url().split('/').pop()!;
      const order = (await (await sales.request.get(`/api/records/order/${orderId}`)).json()) as { data: { lines: Record<string, unknown>[] } };
      expect(order.data.lines).toEqual([expect.objectContaining({ unitPrice: 120_50, unit: 'box', quantity: 2, amount: 241_00 })]);

      // ---- The board: "lost" needs a lost reason ----
      const opportunity = await create('/api/records/opportunity', { name: `Daily deal ${RUN}`, customer: customer.id, stage: 'proposal', expectedCloseDate: '2026-12-20' });
      // The server names the missing field by its label, in the reader's language.
      const refused = await sales.request.patch(`/api/records/opportunity/${opportunity.id}`, { data: { stage: 'lost' }, headers: { 'if-match': '1', 'accept-language': lang.locale } });
      expect(refused.status()).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(lang.required);

      await sales.goto('/records/opportunity/kanban');
      const card = sales.getByTestId(`kanban-card-${opportunity.id}`);
      const lost = sales.getByTestId('kanban-lane-lost');
      await expect(sales.getByTestId('kanban-lane-proposal')).toContainText(`Daily deal ${RUN}`);

      // Cancelled: nothing is written and the card stays.
      const dialog = sales.getByTestId('kanban-move-dialog');
      await dragToDialog(sales, card, lost, dialog);
      await expect(dialog).toContainText(lang.lostReason);
      await expect(dialog.getByRole('combobox')).toHaveCount(1);
      await dialog.getByTestId('kanban-move-cancel').click();
      await expect(dialog).toHaveCount(0);
      await expect(sales.getByTestId('kanban-lane-proposal')).toContainText(`Daily deal ${RUN}`);
      await expect(lost).not.toContainText(`Daily deal ${RUN}`);
      const unchanged = (await (await sales.request.get(`/api/records/opportunity/${opportunity.id}`)).json()) as { version: number; data: Record<string, unknown> };
      expect(unchanged.data.stage).toBe('proposal');
      expect(unchanged.data).not.toHaveProperty('lostReason');

      // Saved: the stage and the reason in one write.
      await dragToDialog(sales, card, lost, dialog);
      await pickOption(sales, dialog.getByRole('combobox'), lang.price);
      await dialog.getByTestId('kanban-move-save').click();
      await expect(dialog).toHaveCount(0);
      await expect(lost).toContainText(`Daily deal ${RUN}`);
      const moved = (await (await sales.request.get(`/api/records/opportunity/${opportunity.id}`)).json()) as { version: number; data: Record<string, unknown> };
      expect(moved.data).toMatchObject({ stage: 'lost', lostReason: 'price' });
      expect(moved.version).toBe(unchanged.version + 1);
      await context.close();
    });
  });
}

test.describe('form designer (en-US)', () => {
  test.use({ locale: 'en-US' });

  test('edits right after changing a new field\'s key are kept: the click that ends the key lands in the label or the required box', async ({ page }) => {
    await page.goto('/signin');
    await submitSignIn(page, ADMIN.email, ADMIN.password);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await page.goto('/admin/entities/task');
    await page.getByTestId('designer-tab-design').click();
    await page.getByTestId('designer-palette-text').click();
    const settings = page.getByTestId('designer-settings');
    // The key is applied when its box loses focus: here by clicking straight into the label.
    await settings.getByTestId('designer-setting-key').fill('region');
    await settings.getByTestId('designer-setting-label-en').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Region');
    await expect(settings.getByTestId('designer-setting-label-en')).toHaveValue('Region');
    await expect(page.getByTestId('designer-field-region')).toBeVisible();
    await expect(page.getByTestId('designer-field-region')).toContainText('Region');
    // …and by clicking straight onto "required".
    await settings.getByTestId('designer-setting-key').fill('regionCode');
    await settings.getByTestId('designer-setting-required').click();
    await expect(settings.getByTestId('designer-setting-required')).toBeChecked();
    await expect(page.getByTestId('designer-field-regionCode')).toBeVisible();
    await settings.getByTestId('designer-setting-help-en').click();
    await page.keyboard.type('Where the task happens');
    await expect(settings.getByTestId('designer-setting-help-en')).toHaveValue('Where the task happens');
    // Nothing is saved: the draft is left as it was.
  });
});
