import { expect, test, type Browser, type Page } from '@playwright/test';
import { closeMongo } from '@/lib/db/mongo';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { pickOption as pick, submitSignIn } from '../support/browser';
import { adminTokenClient } from '../support/http';

/**
 * The discount approval, as people do it: an admin builds it in the designer and publishes it; a
 * staff member submits an order with a 25 % discount, which then waits for approval and cannot be
 * edited; the manager finds it in the to-do inbox and approves it with a comment; the order can be
 * confirmed; the staff member sees the notification. In Chinese, then in English.
 */
const AFTER_LOAD = { timeout: 60_000 };
const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** antd puts a test id on the input itself or on its wrapper, depending on the component. */
const input = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

async function newPage(browser: Browser, locale: string, email: string, password: string, path: string): Promise<Page> {
  const context = await browser.newContext({ locale, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await page.goto(path);
  await submitSignIn(page, email, password);
  return page;
}

for (const locale of ['zh-CN', 'en'] as const) {
  const zh = locale === 'zh-CN';
  const say = (chinese: string, english: string) => (zh ? chinese : english);

  test.describe(`discount approval (${locale})`, () => {
    test.use({ locale });
    const suffix = `${locale === 'en' ? 'en' : 'zh'}${Date.now().toString(36)}`;
    const ORDER = `e2e_order_${suffix}`.toLowerCase();
    const WORKFLOW = `e2e-discount-${suffix}`.toLowerCase();
    const order: EntityDefinition = {
      key: ORDER,
      version: 1,
      label: label('测试订单', 'Test order'),
      displayField: 'name',
      fields: [
        { key: 'name', type: 'text', label: label('名称', 'Name'), required: true },
        { key: 'discount', type: 'percent', precision: 0, label: label('折扣', 'Discount') },
        {
          key: 'status',
          type: 'select',
          label: label('状态', 'Status'),
          default: 'draft',
          options: [
            { value: 'draft', label: label('草稿', 'Draft') },
            { value: 'confirmed', label: label('已确认', 'Confirmed') },
          ],
        },
      ],
      listView: { columns: ['name', 'discount', 'status'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
    };
    const password = 'e2e-person-password';
    const people = { manager: { email: `mgr.${suffix}@test.local`, id: '' }, staff: { email: `staff.${suffix}@test.local`, id: '' } };

    test.beforeAll(async () => {
      await saveEntity(order);
      const admin = await adminTokenClient();
      const manager = await admin.post('/api/users', { email: people.manager.email, name: say('王经理', 'Manager Wang'), role: 'manager', password });
      people.manager.id = manager.body.id;
      const team = await admin.post('/api/departments', { name: say(`销售一组 ${suffix}`, `Sales team ${suffix}`), managerId: manager.body.id });
      const staff = await admin.post('/api/users', { email: people.staff.email, name: say('小李', 'Li the rep'), role: 'staff', password, departmentId: team.body.id });
      people.staff.id = staff.body.id;
    });

    test.afterAll(async () => {
      await closeMongo();
    });

    test('built in the designer, submitted, locked, approved from the inbox, then confirmed', async ({ page, browser }) => {
      // 1. The admin builds and publishes the workflow.
      await page.goto('/admin/workflows/new');
      await submitSignIn(page);
      await expect(page.getByTestId('wf-trigger')).toBeVisible(AFTER_LOAD);
      await input(page, 'wf-key').fill(WORKFLOW);
      await input(page, 'wf-name-zh').fill('大折扣审批');
      await input(page, 'wf-name-en').fill('Big discount approval');
      await pick(page, page.getByTestId('wf-trigger-form').getByTestId('wf-entity'), `(${ORDER})`, ORDER);
      await page.getByTestId('wf-condition').getByTestId('wf-condition-add').click();
      await pick(page, page.getByTestId('wf-condition-field-0'), say('折扣', 'Discount'));
      await pick(page, page.getByTestId('wf-condition-op-0'), say('大于', 'greater than'));
      await input(page, 'wf-condition-value-0').fill('20');
      await page.getByTestId('wf-add-step-0').click();
      await page.getByTestId('wf-add-approval').click();
      const step = page.getByTestId('wf-step-approval-1');
      await expect(step).toBeVisible();
      await step.locator('#root_title').fill(say('订单 {{name}} 折扣 {{discount}}%', 'Order {{name}}: {{discount}} % discount'));
      await expect(page.getByTestId('wf-valid')).toBeVisible(AFTER_LOAD);
      await page.getByTestId('wf-publish').click();
      await expect(page.locator('.ant-message')).toContainText(say('已发布第 1 版', 'Published version 1'), AFTER_LOAD);

      // 2. The staff member submits an order with a 25 % discount.
      const staff = await newPage(browser, locale, people.staff.email, password, `/records/${ORDER}/new`);
      await staff.locator('#root_name').fill(`SO-${suffix}`);
      await staff.locator('#root_discount').fill('25');
      await staff.getByRole('button', { name: say('保存', 'Save') }).click();
      await expect(staff).toHaveURL(new RegExp(`/records/${ORDER}/[0-9a-f]{24}$`), AFTER_LOAD);
      const recordUrl = staff.url();
      // It waits for approval and cannot be edited.
      await expect(staff.getByTestId('record-locked')).toBeVisible(AFTER_LOAD);
      await expect(staff.getByTestId('record-edit')).toBeDisabled();
      await staff.getByTestId('record-approvals').click();
      await expect(staff.getByTestId('approval-status')).toHaveText(say('审批中', 'Waiting for approval'));

      // 3. The manager finds it in the inbox and approves it with a comment.
      const manager = await newPage(browser, locale, people.manager.email, password, '/inbox');
      await expect(manager.getByTestId('header-inbox-count')).toContainText('1', AFTER_LOAD);
      await manager.getByTestId('inbox-item').filter({ hasText: `SO-${suffix}` }).click();
      await manager.getByTestId('approval-comment').fill(say('同意，下不为例', 'Fine, just this once'));
      await manager.getByTestId('approval-approve').click();
      await expect(manager.locator('.ant-drawer').getByTestId('approval-status')).toHaveText(say('已通过', 'Approved'), AFTER_LOAD);

      // 4. The order can be confirmed now.
      await staff.goto(recordUrl);
      await expect(staff.getByTestId('record-edit')).toBeEnabled(AFTER_LOAD);
      await expect(staff.getByTestId('record-locked')).toHaveCount(0);
      await staff.getByTestId('record-edit').click();
      await staff.locator('#root_status').click();
      // Searched and picked with Enter, as a keyboard user would: a click could land while the
      // option list is still being redrawn, and be lost.
      await staff.keyboard.type(say('已确认', 'Confirmed'));
      await expect(staff.locator('.ant-select-dropdown:visible .ant-select-item-option-active', { hasText: say('已确认', 'Confirmed') })).toBeVisible(AFTER_LOAD);
      await staff.keyboard.press('Enter');
      // The choice is shown before it is saved (a busy machine may draw it late).
      await expect(staff.locator('.ant-select', { has: staff.locator('#root_status') }).first()).toContainText(say('已确认', 'Confirmed'), AFTER_LOAD);
      await staff.getByRole('button', { name: say('保存', 'Save') }).click();
      await expect(staff).toHaveURL(recordUrl, AFTER_LOAD);
      await expect(staff.getByText(say('已确认', 'Confirmed')).first()).toBeVisible(AFTER_LOAD);

      // 5. The staff member sees the notification, with the manager's comment on the trail.
      await staff.getByTestId('record-approvals').click();
      await expect(staff.getByTestId('approval-trail')).toContainText(say('同意，下不为例', 'Fine, just this once'));
      await staff.goto('/notifications');
      await expect(staff.getByTestId('notification').filter({ hasText: say('已通过', 'Approved') }).first()).toContainText(`SO-${suffix}`, AFTER_LOAD);
    });
  });
}
