import { expect, test, type Page } from '@playwright/test';
import { ADMIN, submitSignIn } from '../support/browser';

/**
 * A visitor fills the sales pack's contact-us (联系我们) form by its link, without an account,
 * and sees the thank-you message; the lead is there for the admin, assigned to a sales rep
 * by the pack's round-robin workflow.
 */

const RUN = Date.now().toString(36);
const REP = { email: `rep-${RUN}@test.local`, password: 'rep-password-1', name: `Rep ${RUN}` };

test.setTimeout(240_000);

function field(page: Page, label: string) {
  return page.getByRole('textbox', { name: new RegExp(`^(\\* )?${label}$`) });
}

test('a visitor submits the contact-us form and the lead is assigned by round robin', async ({ page, browser }) => {
  // ---- Admin: a sales rep for the round robin, and the form's link ----
  await page.goto('/signin');
  await submitSignIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole('button', { name: /Sign out|退出登录/ })).toBeVisible();
  const rep = await page.request.post('/api/users', { data: { email: REP.email, name: REP.name, roles: ['sales_rep'], password: REP.password } });
  expect(rep.status(), await rep.text()).toBe(201);
  const form = (await (await page.request.get('/api/public-forms/contact-us')).json()) as { path: string; enabled: boolean; submissions: number };
  expect(form.enabled).toBe(true);

  // The admin page lists it with its link.
  await page.goto('/admin/public-forms?entity=lead');
  await expect(page.getByTestId('public-form-link-contact-us')).toContainText(form.path);

  // ---- A visitor: a fresh browser, not signed in, in Chinese ----
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  const visitor = await context.newPage();
  await visitor.goto(form.path);
  await expect(visitor).toHaveURL(new RegExp(`${form.path}$`));
  await expect(visitor.getByTestId('public-form-title')).toHaveText('联系我们');

  // Validation in the visitor's language, beside the field.
  await visitor.getByTestId('public-form-submit').click();
  await expect(visitor.locator('.ant-form-item-explain-error').first()).toBeVisible();

  const name = `访客 ${RUN}`;
  await field(visitor, '联系人姓名').fill(name);
  await field(visitor, '公司名称').fill(`上海示例科技 ${RUN}`);
  await field(visitor, '电话').fill('+86 138 0013 8000');
  await field(visitor, '邮箱').fill(`visitor-${RUN}@example.cn`);
  await field(visitor, '备注').fill('想了解贵公司的产品报价');
  await visitor.getByTestId('public-form-submit').click();
  await expect(visitor.getByTestId('public-form-thanks')).toHaveText('感谢您的留言！我们的销售顾问会在一个工作日内与您联系。');

  // The language switch: the same form in English.
  await visitor.getByText('再提交一份').click();
  await visitor.getByTestId('language-switch').click();
  await visitor.locator('.ant-select-item-option').filter({ hasText: 'English' }).click();
  await expect(visitor.getByTestId('public-form-title')).toHaveText('Contact us');
  await context.close();

  // ---- Admin: the lead, assigned by the round-robin workflow (the worker runs it) ----
  let lead: { id: string; ownerId: string; data: Record<string, unknown> } | undefined;
  await expect
    .poll(
      async () => {
        const list = (await (await page.request.get(`/api/records/lead?q=${encodeURIComponent(name)}`)).json()) as { items: { id: string; ownerId: string; data: Record<string, unknown> }[] };
        lead = list.items.find((item) => item.data.name === name);
        return lead?.data.owner ?? null;
      },
      { timeout: 60_000, intervals: [500, 1000, 2000] },
    )
    .not.toBeNull();
  expect(lead!.data).toMatchObject({ company: `上海示例科技 ${RUN}`, email: `visitor-${RUN}@example.cn`, status: 'new' });
  expect(lead!.ownerId).toBe(lead!.data.owner);
  const users = (await (await page.request.get('/api/users')).json()) as { items: { id: string; roles: string[] }[] };
  expect(users.items.find((user) => user.id === lead!.ownerId)?.roles).toContain('sales_rep');

  // The admin sees it in the app, with its owner.
  await page.goto(`/records/lead/${lead!.id}`);
  await expect(page.getByText(name).first()).toBeVisible();
  const after = (await (await page.request.get('/api/public-forms/contact-us')).json()) as { submissions: number };
  expect(after.submissions).toBe(form.submissions + 1);
});
