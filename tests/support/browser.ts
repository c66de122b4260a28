import type { Page } from '@playwright/test';
import { ADMIN } from './http';

export { ADMIN };

/** Fills and submits the sign-in form on the current page, in either language. */
export async function submitSignIn(page: Page, email = ADMIN.email, password = ADMIN.password): Promise<void> {
  await page.getByLabel(/^(Email|邮箱)$/).fill(email);
  await page.getByLabel(/^(Password|密码)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
}
