import { readFileSync } from 'node:fs';
import { submitSignIn } from '../support/browser';
import { expect, test, type Download, type Page } from '@playwright/test';


test.use({ locale: 'zh-CN', acceptDownloads: true });

async function signIn(page: Page) {
  await page.goto('/signin');
  await submitSignIn(page);
  await expect(page.getByRole('heading', { name: '销售概览' })).toBeVisible();
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ download: Download; text: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const bytes = readFileSync((await download.path())!);
  return { download, text: bytes.toString('utf8'), bytes };
}

/** A mapping row's field select, by the row's index in the file. */
async function chooseField(page: Page, index: number, label: string) {
  await page.getByTestId(`mapping-${index}`).click();
  // The option list is virtual: typing narrows it to the wanted field.
  await page.keyboard.type(label);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: new RegExp(`^${label}( \\*)?$`) }).click();
}

test('an admin imports customers from a CSV through the wizard, downloads the failed rows, and exports the list', async ({ page }) => {
  const tag = `导入测试 ${Date.now().toString(36)}`;
  const digits = String(Date.now()).slice(-8);
  const phone = (n: number) => `139${digits}`.slice(0, 10) + n;
  // Chinese headers as Chinese spreadsheets have them; "备注信息" matches no label, the rest do.
  const csv = [
    '客户名称,电话,客户状态,备注信息',
    `${tag} 甲,${phone(1)},潜在客户,第一位`,
    `${tag} 乙,${phone(2)},成交客户,第二位`,
    `"${tag} 丙, 有限公司",${phone(3)},沉睡客户,第三位`,
    `${tag} 丁,${phone(4)},外星客户,状态无效`,
  ].join('\r\n');

  await signIn(page);
  await page.goto('/records/customer');
  await page.getByTestId('list-import').click();
  await expect(page).toHaveURL(/\/records\/customer\/import$/);
  await expect(page.getByText('导入客户')).toBeVisible();

  // A file of the wrong kind is refused and the page stays where it was.
  await page.locator('input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('import-upload-error')).toContainText('notes.txt');
  await expect(page).toHaveURL(/\/records\/customer\/import$/);

  await page.locator('input[type=file]').setInputFiles({ name: '客户导入.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf8') });
  await expect(page).toHaveURL(/\/records\/customer\/import\?id=/);
  await expect(page.getByTestId('mapping-table')).toBeVisible();
  await expect(page.getByTestId('import-file-name')).toHaveText('客户导入.csv');

  // The automatic mapping, by label: three columns found their fields, the fourth is not imported.
  await expect(page.getByTestId('mapping-0')).toContainText('客户名称');
  await expect(page.getByTestId('mapping-1')).toContainText('电话');
  await expect(page.getByTestId('mapping-2')).toContainText('客户状态');
  await expect(page.getByTestId('mapping-3')).toContainText('不导入');
  await expect(page.getByTestId('mapping-table')).toContainText(`${tag} 甲`);

  // A required field without a column is flagged; mapping it again clears the warning.
  await chooseField(page, 0, '不导入');
  await expect(page.getByTestId('mapping-missing-required')).toContainText('客户名称');
  await chooseField(page, 0, '客户名称');
  await expect(page.getByTestId('mapping-missing-required')).toHaveCount(0);
  // The one change: the notes column goes to 备注.
  await chooseField(page, 3, '备注');
  await expect(page.getByTestId('mapping-3')).toContainText('备注');

  await page.getByTestId('import-validate').click();
  await expect(page.getByTestId('preview-rows')).toContainText('4');
  await expect(page.getByTestId('preview-valid')).toContainText('3');
  await expect(page.getByTestId('preview-invalid')).toContainText('1');
  await expect(page.getByTestId('preview-problems')).toContainText('外星客户');

  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
  await expect(page.getByTestId('result-created').locator('.ant-statistic-content-value')).toHaveText('3');
  await expect(page.getByTestId('result-updated').locator('.ant-statistic-content-value')).toHaveText('0');
  await expect(page.getByTestId('result-skipped').locator('.ant-statistic-content-value')).toHaveText('0');
  await expect(page.getByTestId('result-failed').locator('.ant-statistic-content-value')).toHaveText('1');
  await expect(page.getByTestId('import-status')).toHaveText('已完成');

  // The failed rows as uploaded, with their line number and the reason.
  const failed = await downloaded(page, () => page.getByTestId('failed-rows-csv').click());
  expect([...failed.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(failed.text).toContain(`${tag} 丁`);
  expect(failed.text).toContain('外星客户');
  expect(failed.text).not.toContain(`${tag} 甲`);

  // The changed mapping took effect: the notes landed in 备注.
  const landed = await page.request.get(`/api/records/customer?q=${encodeURIComponent(tag)}&pageSize=50`);
  const items = (await landed.json()).items as { data: Record<string, unknown> }[];
  expect(items.map((item) => item.data.name).sort()).toEqual([`${tag} 丙, 有限公司`, `${tag} 乙`, `${tag} 甲`].sort());
  expect(items.find((item) => item.data.name === `${tag} 甲`)?.data.notes).toBe('第一位');

  // The history lists the import with its counts and links back to its result.
  await page.getByRole('tab', { name: '导入记录' }).click();
  const row = page.getByTestId('import-history').getByRole('row', { name: /客户导入\.csv/ }).first();
  await expect(row).toContainText('已完成');
  await expect(row).toContainText('3 / 0 / 0 / 1');

  // The list, narrowed by a keyword, exported as CSV: the view's columns and rows.
  await page.goto('/records/customer');
  await page.getByTestId('list-search').locator('input').fill(tag);
  await page.getByTestId('list-search').locator('input').press('Enter');
  await expect(page.getByRole('row', { name: new RegExp(`${tag} 甲`) })).toBeVisible();
  await expect(page.getByTestId('export-csv')).toHaveAttribute('href', /q=/);
  const exported = await downloaded(page, () => page.getByTestId('export-csv').click());
  expect(exported.download.suggestedFilename()).toMatch(/^客户-\d{4}-\d{2}-\d{2}\.csv$/);
  expect([...exported.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = exported.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines[0].split(',')).toEqual(expect.arrayContaining(['客户名称', '客户状态', '电话']));
  expect(lines).toHaveLength(4);
  expect(exported.text).toContain(`"${tag} 丙, 有限公司"`);
  expect(exported.text).toContain('成交客户');
  expect(exported.text).not.toContain(`${tag} 丁`);
});
