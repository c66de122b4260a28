import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { submitSignIn } from '../support/browser';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import { closeMongo } from '@/lib/db/mongo';
import { config } from '@/lib/config';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { translator } from '@/lib/i18n/messages';
import { createRecord } from '@/lib/records/record.service';
import { registerSubscribers } from '@/lib/subscribers';

// This spec writes its fixtures through the record service itself, as an entry point must.
registerSubscribers();

test.use({ locale: 'zh-CN' });

/** Pages load slowly on a busy machine. */
const AFTER_LOAD = { timeout: 60_000 };

// A copy of the sales pack's order (with its quotation and sales order layouts) under a key of
// this test's own, so editing a layout here changes nothing another test reads.
const suffix = Date.now().toString(36);
const ORDER = `e2e_print_order_${suffix}`;
const pack = JSON.parse(readFileSync('templates/sales-crm/entities/order.json', 'utf8')) as EntityDefinition;
const order: EntityDefinition = { ...pack, key: ORDER, label: { 'zh-CN': '打印测试订单', en: 'Print test order' } };

let orderId: string;
const products = [`伺服电机 ${suffix}`, `安装服务 ${suffix}`];

test.beforeAll(async () => {
  await saveEntity(order);
  const ctx = { actor: AUTOMATION_ACTOR, t: translator('zh-CN') };
  const make = async (entity: string, data: Record<string, unknown>) => (await createRecord(entity, data, ctx)).record.id;
  const servo = await make('product', { sku: `SERVO-${suffix}`, name: products[0], unit: 'pcs', listPrice: 1234_50 });
  const install = await make('product', { sku: `INST-${suffix}`, name: products[1], unit: 'hour', listPrice: 100_00, stockTracked: false });
  const warehouse = await make('warehouse', { code: `WHP${suffix}`, name: `打印仓 ${suffix}` });
  const customer = await make('customer', { name: `打印客户 ${suffix}` });
  orderId = await make(ORDER, {
    customer,
    warehouse,
    lines: [
      { product: servo, quantity: 2, unitPrice: 1234_50 },
      { product: install, quantity: 3, unitPrice: 100_00 },
    ],
    notes: `请于周五前送达 ${suffix}`,
  });
  await new Promise((resolve) => setTimeout(resolve, config.definitionCacheMs + 200));
});

test.afterAll(async () => {
  await closeMongo();
});

async function openQuotation(page: Page) {
  await page.goto(`/records/${ORDER}/${orderId}`);
  await page.getByTestId('record-print').click(AFTER_LOAD);
  await page.getByTestId('record-print-quotation').click();
  await expect(page).toHaveURL(new RegExp(`/print/${ORDER}/${orderId}\\?template=quotation$`), AFTER_LOAD);
  await expect(page.getByTestId('print-document')).toBeVisible(AFTER_LOAD);
}

test('an order prints as a quotation: its lines, totals in yuan, signature lines, and nothing of the app', async ({ page }) => {
  await page.goto(`/records/${ORDER}/${orderId}`);
  await submitSignIn(page);
  // Signed in once the record shows; only then is the print menu there to open.
  await expect(page.getByTestId('record-title')).toBeVisible(AFTER_LOAD);
  await openQuotation(page);

  await expect(page.getByTestId('print-title')).toHaveText('报价单');
  await expect(page.getByTestId('print-number')).toContainText(/SO-\d{6}-\d{4}/);
  const rows = page.getByTestId('print-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(products[0]);
  await expect(rows.nth(0)).toContainText('¥2,469.00');
  await expect(rows.nth(1)).toContainText(products[1]);
  await expect(rows.nth(1)).toContainText('¥300.00');
  await expect(page.getByTestId('print-total-subtotal')).toContainText('¥2,769.00');
  await expect(page.getByTestId('print-total-total')).toContainText('¥2,769.00');
  await expect(page.getByTestId('print-signatures')).toContainText('客户确认');
  await expect(page.getByTestId('print-signatures')).toContainText('销售代表');
  await expect(page.getByTestId('print-footer')).toContainText('30 天内有效');

  // Amounts never wrap mid-number and line up; no navigation, and the toolbar is not printed.
  const amount = page.getByTestId('print-total-total').locator('td.num');
  await expect(amount).toHaveCSS('white-space', 'nowrap');
  await expect(amount).toHaveCSS('font-variant-numeric', 'tabular-nums');
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  await expect(page.locator('.ant-layout-sider, .ant-menu')).toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-now')).toBeHidden();
  await expect(page.getByTestId('print-document')).toBeVisible();
});

test('an admin adds a field to the quotation in the layout editor, and the print view shows it', async ({ page }) => {
  await page.goto(`/admin/entities/${ORDER}/print`);
  await submitSignIn(page);
  await expect(page.getByTestId('print-editor-key')).toHaveText('quotation', AFTER_LOAD);
  // The live preview draws the order with the layout being edited.
  await expect(page.getByTestId('print-editor-preview').getByTestId('print-row')).toHaveCount(2, AFTER_LOAD);

  const fields = page.getByTestId('print-editor-fields');
  await fields.click();
  await page.keyboard.type('备注');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('print-editor-preview').getByTestId('print-field-notes')).toContainText(`请于周五前送达 ${suffix}`, AFTER_LOAD);
  await page.getByTestId('print-editor-title-zh').fill('正式报价单');
  await page.getByTestId('print-editor-save').click();
  await expect(page.locator('.ant-message')).toContainText('模板已保存', AFTER_LOAD);

  await openQuotation(page);
  await expect(page.getByTestId('print-title')).toHaveText('正式报价单');
  await expect(page.getByTestId('print-field-notes')).toContainText(`请于周五前送达 ${suffix}`);
});
