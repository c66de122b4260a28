import { expect, test, type Page } from '@playwright/test';

const ADMIN_EMAIL = process.env.SALESFLOW_ADMIN_EMAIL ?? 'admin@test.local';
const ADMIN_PASSWORD = process.env.SALESFLOW_ADMIN_PASSWORD ?? 'test-admin-password';

test.use({ locale: 'zh-CN' });

/** A text input by its label; required fields' labels start with "* ". */
function field(page: Page, label: string) {
  return page.getByRole('textbox', { name: new RegExp(`^(\\* )?${label}$`) });
}

/** The form item of one field (rjsf nests every field's item inside the root object's item). */
function fieldItem(page: Page, label: string) {
  return page.locator('.ant-form-item:not(:has(.ant-form-item))', { has: field(page, label) });
}

async function signIn(page: Page, password: string) {
  await page.getByLabel('邮箱').fill(ADMIN_EMAIL);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

test('a person signs in, creates a customer through the form, and sees its task and the chart', async ({ page }) => {
  const name = `上海测试客户 ${Date.now()}`;

  await page.goto('/records/customer');
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, 'not the password');
  await expect(page.getByTestId('signin-error')).toHaveText('邮箱或密码错误。');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/records\/customer$/);

  await page.getByRole('button', { name: '新建' }).click();
  await expect(page.getByText('新建客户')).toBeVisible();
  await field(page, '客户名称').fill(name);
  await field(page, '电话').fill('+86 138 0013 8000');
  await field(page, '邮箱').fill('not-an-email');
  await page.getByRole('combobox', { name: '客户来源' }).click();
  await page.locator('.ant-select-item-option', { hasText: '展会' }).click();
  await page.getByTestId('record-save').click();

  await expect(fieldItem(page, '邮箱')).toContainText('请输入有效的邮箱地址，例如 name@example.com。');
  await expect(field(page, '客户名称')).toHaveValue(name);
  await expect(field(page, '电话')).toHaveValue('+86 138 0013 8000');
  await expect(page).toHaveURL(/\/records\/customer\/new$/);

  await field(page, '邮箱').fill('buyer@example.cn');
  await page.getByTestId('record-save').click();
  await expect(page.getByTestId('record-title')).toHaveText(name);
  await expect(page.getByText('buyer@example.cn')).toBeVisible();

  // The worker's follow-up task shows up on the customer's page.
  await expect(page.getByTestId('related-task')).toContainText(`跟进客户 Follow up: ${name}`);

  await page.getByRole('link', { name: '客户', exact: true }).first().click();
  await page.getByTestId('list-search').locator('input').fill(name);
  await page.getByTestId('list-search').locator('input').press('Enter');
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('展会');

  await page.getByRole('link', { name: '销售概览' }).click();
  await expect(page.getByRole('heading', { name: '销售概览' })).toBeVisible();
  const chart = page.getByTestId('widget-customers-by-source');
  await expect(chart.locator('canvas')).toBeVisible();
  const [series] = JSON.parse((await chart.getAttribute('data-points')) ?? '[]') as { points: { label: string; value: number }[] }[];
  expect(series.points.find((p) => p.label === '展会')?.value).toBeGreaterThanOrEqual(1);
});

test('every screen switches between Chinese and English', async ({ page }) => {
  await page.goto('/signin');
  await signIn(page, ADMIN_PASSWORD);
  await expect(page.getByRole('heading', { name: '销售概览' })).toBeVisible();
  await page.getByTestId('language-switch').click();
  await page.locator('.ant-select-item-option', { hasText: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Sales overview' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Customer', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await page.goto('/records/customer/new');
  await expect(page.getByText('New Customer')).toBeVisible();
  await field(page, 'Email').fill('nope');
  await page.getByTestId('record-save').click();
  await expect(fieldItem(page, 'Name')).toContainText('This field is required.');
  await expect(fieldItem(page, 'Email')).toContainText('Enter a valid email address');
  await expect(field(page, 'Email')).toHaveValue('nope');

  await page.getByTestId('language-switch').click();
  await page.locator('.ant-select-item-option', { hasText: '简体中文' }).click();
  await expect(page.getByText('新建客户')).toBeVisible();
});
