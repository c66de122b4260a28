import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeMongo } from '@/lib/db/mongo';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { EntityOverviewItem } from '@/lib/entities/entity.overview';
import { adminTokenClient, type ApiClient } from '../support/http';
import { newPerson } from '../support/people';

/**
 * The designer's entity list comes in one answer: every published entity with its icon, its
 * app and its draft's state, then the entities that exist only as drafts — what the page
 * used to assemble from two lists and one draft request per entity.
 */
const suffix = Date.now().toString(36);
const label = (en: string, zh: string) => ({ 'zh-CN': zh, en });
const definition = (key: string, extra: Partial<EntityDefinition> = {}): EntityDefinition => ({
  key,
  version: 0,
  label: label('Gadget', '小物件'),
  icon: 'tool',
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name', '名称'), required: true },
    { key: 'qty', type: 'number', label: label('Quantity', '数量') },
  ],
  listView: { columns: ['name'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
  ...extra,
});

let api: ApiClient;
const published = `it_ov_pub_${suffix}`;
const draftOnly = `it_ov_new_${suffix}`;

beforeAll(async () => {
  api = await adminTokenClient();
  expect((await api.put(`/api/entities/${published}/draft`, definition(published))).status).toBe(200);
  expect((await api.post(`/api/entities/${published}/publish`, { confirm: false })).status).toBe(200);
  // A new draft of the published entity whose display field is gone: one problem stops its publication.
  expect((await api.put(`/api/entities/${published}/draft`, definition(published, { displayField: 'missing' }))).status).toBe(200);
  expect((await api.put(`/api/entities/${draftOnly}/draft`, definition(draftOnly, { icon: 'rocket', label: label('Rocket', '火箭') }))).status).toBe(200);
});
afterAll(closeMongo);

describe('GET /api/entities/overview', () => {
  it('answers with every entity and draft the page shows, in one response', async () => {
    const overview = await api.get('/api/entities/overview');
    expect(overview.status).toBe(200);
    const items = overview.body.items as EntityOverviewItem[];
    const entities = (await api.get('/api/entities')).body.items as EntityDefinition[];
    const drafts = (await api.get('/api/entities/drafts')).body.items as { draft: EntityDefinition }[];
    // Every published entity, then every draft-only one: nothing the separate lists hold is missing.
    expect(items.map((item) => item.key)).toEqual(expect.arrayContaining([...entities.map((def) => def.key), ...drafts.map((item) => item.draft.key)]));
    expect(new Set(items.map((item) => item.key)).size).toBe(items.length);

    expect(items.find((item) => item.key === published)).toEqual({
      key: published,
      label: label('Gadget', '小物件'),
      icon: 'tool',
      template: null,
      version: 1,
      fieldCount: 2,
      draft: { savedAt: expect.any(String), problems: 1 },
    });
    expect(items.find((item) => item.key === draftOnly)).toMatchObject({ key: draftOnly, icon: 'rocket', version: 0, draft: { problems: 0 } });
    // A pack entity names its app and its icon.
    expect(items.find((item) => item.key === 'customer')).toMatchObject({ template: 'sales-crm', icon: 'team', version: expect.any(Number) });
    // Published entities come before the draft-only ones.
    const firstDraftOnly = items.findIndex((item) => item.version === 0);
    expect(items.slice(firstDraftOnly).every((item) => item.version === 0)).toBe(true);
  });

  it('is for those who design (403 for staff), and refuses an icon outside the registry', async () => {
    const staff = await newPerson(api, ['staff']);
    expect((await staff.client.get('/api/entities/overview')).status).toBe(403);
    const saved = await api.put(`/api/entities/${draftOnly}/draft`, definition(draftOnly, { icon: 'not-an-icon' }));
    expect(saved.status).toBe(200);
    expect(saved.body.problems.join(' ')).toContain('icon "not-an-icon" is not one of');
    const publish = await api.post(`/api/entities/${draftOnly}/publish`, { confirm: false });
    expect(publish.status).toBe(400);
  });
});
