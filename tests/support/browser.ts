import { expect, type Locator, type Page } from '@playwright/test';
import { ADMIN } from './http';

export { ADMIN };

/** Fills and submits the sign-in form on the current page, in either language. */
export async function submitSignIn(page: Page, email = ADMIN.email, password = ADMIN.password): Promise<void> {
  await page.getByLabel(/^(Email|邮箱)$/).fill(email);
  await page.getByLabel(/^(Password|密码)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
}

/**
 * Picks an option of an antd Select and checks the select shows it, trying again otherwise. On
 * a loaded machine a click can land while the list still animates and pick nothing (a workflow
 * condition saved with the default operator, a relation with no entity): the pick counts only
 * once the select displays it. `search` is typed first to narrow a long (virtual) list; what an
 * earlier try typed is replaced.
 */
export async function pickOption(page: Page, select: Locator, option: string | RegExp, search?: string): Promise<void> {
  const root = select.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
  await expect(async () => {
    await select.click();
    if (search) {
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(search);
    }
    await options.filter({ hasText: option }).first().click({ timeout: 10_000 });
    await expect(root).toContainText(option, { timeout: 3_000 });
  }).toPass({ timeout: 45_000 });
}

/** Drags a kanban card onto a lane with the mouse (the board's sensor needs a small move first). */
export async function dragCard(page: Page, card: Locator, lane: Locator): Promise<void> {
  const from = (await card.boundingBox())!;
  const to = (await lane.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 20 });
  await page.mouse.up();
}
