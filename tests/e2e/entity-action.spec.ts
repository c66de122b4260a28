import { expect, test, type Page } from '@playwright/test';
import { submitSignIn } from '../support/browser';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import { closeMongo } from '@/lib/db/mongo';
import { config } from '@/lib/config';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { translator } from '@/lib/i18n/messages';
import { createRecord } from '@/lib/records/record.service';
import { saveWorkflow } from '@/lib/workflows/workflow.service';
import { registerSubscribers } from '@/lib/subscribers';

// This spec writes its fixtures through the record service itself, as an entry point must.
registerSubscribers();

test.use({ locale: 'zh-CN' });

/** Pages load slowly on a busy machine (a first visit compiles in development). */
const AFTER_LOAD = { timeout: 60_000 };

// Entities and a workflow of this test's own (not the sales pack's).
const suffix = Date.now().toString(36);
const CUSTOMER = `e2e_customer_${suffix}`;
const LEAD = `e2e_lead_${suffix}`;
const WORKFLOW = `e2e-convert-${suffix}`;
const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const list = { columns: ['name'], sort: [{ field: 'createdAt' as const, direction: 'desc' as const }], pageSize: 20 };

const customer: EntityDefinition = {
  key: CUSTOMER,
  version: 1,
  label: label('测试客户', 'Test customer'),
  displayField: 'name',
  fields: [{ key: 'name', type: 'text', label: label('名称', 'Name'), required: true }],
  listView: list,
};
const lead: EntityDefinition = {
  key: LEAD,
  version: 1,
  label: label('测试线索', 'Test lead'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('名称', 'Name'), required: true },
    { key: 'company', type: 'text', label: label('公司', 'Company') },
    { key: 'status', type: 'select', label: label('状态', 'Status'), options: [{ value: 'new', label: label('新', 'New') }, { value: 'converted', label: label('已转化', 'Converted') }] },
    { key: 'customer', type: 'relation', label: label('客户', 'Customer'), relation: { entity: CUSTOMER } },
  ],
  listView: list,
  actions: [{ key: 'convert', label: label('转化', 'Convert'), workflow: WORKFLOW, visibleWhen: { field: 'status', in: ['new'] }, confirm: label('确定转化此线索？', 'Convert this lead?') }],
};

let goodLead: string;
let badLead: string;

test.beforeAll(async () => {
  await saveEntity(customer);
  await saveEntity(lead);
  await saveWorkflow({
    key: WORKFLOW,
    version: 1,
    name: label('线索转化', 'Convert lead'),
    enabled: true,
    trigger: { entity: LEAD, event: 'action', action: 'convert' },
    result: 'customer',
    actions: [
      { id: 'customer', type: 'create_record', entity: CUSTOMER, values: { name: '{{company}}' } },
      { id: 'mark', type: 'update_record', target: 'trigger', values: { status: 'converted', customer: '{{actions.customer}}' } },
    ],
  });
  const ctx = { actor: AUTOMATION_ACTOR, t: translator('en') };
  goodLead = (await createRecord(LEAD, { name: '张三', company: `上海示例 ${suffix}`, status: 'new' }, ctx)).record.id;
  badLead = (await createRecord(LEAD, { name: '李四', status: 'new' }, ctx)).record.id;
  await new Promise((resolve) => setTimeout(resolve, config.definitionCacheMs + 200));
});

test.afterAll(async () => {
  await closeMongo();
});

async function signIn(page: Page) {
  await submitSignIn(page);
}

test('an entity action button converts a lead after confirming, opens the new customer, and is gone afterwards', async ({ page }) => {
  await page.goto(`/records/${LEAD}/${goodLead}`);
  await signIn(page);
  await expect(page.getByTestId('record-title')).toHaveText('张三', AFTER_LOAD);
  await page.getByTestId('record-action-convert').click();
  await expect(page.getByText('确定转化此线索？')).toBeVisible();
  await page.getByRole('button', { name: '是' }).click();
  await expect(page).toHaveURL(new RegExp(`/records/${CUSTOMER}/[0-9a-f]{24}$`), AFTER_LOAD);
  await expect(page.getByTestId('record-title')).toHaveText(`上海示例 ${suffix}`);

  await page.goto(`/records/${LEAD}/${goodLead}`);
  await expect(page.getByText('已转化')).toBeVisible(AFTER_LOAD);
  await expect(page.getByTestId('record-action-convert')).toHaveCount(0);

  // A run that fails tells why, in the user's language, and leaves the lead as it was.
  await page.goto(`/records/${LEAD}/${badLead}`);
  await page.getByTestId('record-action-convert').click(AFTER_LOAD);
  await page.getByRole('button', { name: '是' }).click();
  await expect(page.locator('.ant-message')).toContainText('此项为必填项', AFTER_LOAD);
  await expect(page).toHaveURL(new RegExp(`/records/${LEAD}/${badLead}$`));
  await expect(page.getByTestId('record-action-convert')).toBeVisible();
});
