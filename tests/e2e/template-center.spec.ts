import { expect, test } from '@playwright/test';
import { submitSignIn } from '../support/browser';


test.use({ locale: 'en-US' });

test('an admin previews and installs the after-sales pack, then opens one of its records', async ({ page }) => {
  await page.goto('/admin/templates');
  await expect(page).toHaveURL(/\/signin/);
  await submitSignIn(page);
  await expect(page).toHaveURL(/\/admin\/templates$/);
  await expect(page.getByRole('link', { name: 'Template center' })).toBeVisible();

  const card = page.getByTestId('template-card-after-sales');
  await expect(card).toContainText('After-sales service');
  await expect(card).toContainText('Not installed');
  // Nothing of the pack is in the navigation yet.
  await expect(page.getByRole('link', { name: 'Service ticket', exact: true })).toHaveCount(0);

  await page.getByTestId('template-preview-after-sales').click();
  const preview = page.getByTestId('template-preview');
  await expect(preview.getByTestId('template-preview-entity-ticket')).toContainText('Service ticket');
  await preview.getByTestId('template-preview-entity-ticket').click();
  await expect(preview).toContainText('Subject');
  await expect(preview).toContainText('Service overview');

  await page.getByTestId('template-preview-install').click();
  await page.getByTestId('template-install-demo-en').click();
  await page.getByTestId('template-install-confirm').click();

  const report = page.getByTestId('template-report');
  await expect(report.getByTestId('template-report-entity-ticket')).toContainText('Installed');
  await expect(report).toContainText(/Demo data: [1-9]\d* created, 0 already there, 0 failed/);
  await page.getByTestId('template-report-close').click();
  await expect(card.getByTestId('template-installed-after-sales')).toHaveText('Installed: v2');

  // The pack's entities are in the navigation; its tickets list holds the demo tickets.
  await page.getByRole('link', { name: 'Service ticket', exact: true }).click();
  await expect(page).toHaveURL(/\/records\/ticket$/);
  const firstRow = page.locator('.ant-table-row').first();
  await expect(firstRow).toBeVisible();
  await firstRow.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/records\/ticket\/[0-9a-f]{24}$/);
  await expect(page.getByTestId('record-title')).not.toBeEmpty();
});
