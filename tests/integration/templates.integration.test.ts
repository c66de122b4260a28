import { afterAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { installTemplatePack, TEMPLATES_DIR } from '@/lib/templates/template.installer';

afterAll(closeMongo);

describe('template installation', () => {
  it('changes nothing when installed again', async () => {
    const report = await installTemplatePack('sales-crm');
    expect(report.changes.filter((change) => change.outcome !== 'unchanged')).toEqual([]);
    expect(report.changes.map((c) => `${c.kind}:${c.key}`)).toEqual(expect.arrayContaining(['entity:customer', 'entity:task', 'dashboard:sales-overview']));
  });

  it('applies a template change to what the admin left alone, and keeps what the admin changed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'salesflow-templates-'));
    await cp(path.join(TEMPLATES_DIR, 'sales-crm'), path.join(dir, 'sales-crm'), { recursive: true });
    const file = path.join(dir, 'sales-crm', 'dashboards', 'sales-overview.json');
    const dashboard = JSON.parse(await readFile(file, 'utf8'));
    const dashboards = await collection('dashboards');
    const original = await dashboards.findOne({ _id: 'sales-overview' });
    try {
      await writeFile(file, JSON.stringify({ ...dashboard, version: dashboard.version + 1, title: { 'zh-CN': '新版', en: 'New' } }));
      const upgraded = await installTemplatePack('sales-crm', dir);
      expect(upgraded.changes.find((c) => c.key === 'sales-overview')?.outcome).toBe('upgraded');
      expect((await dashboards.findOne({ _id: 'sales-overview' }))?.title.en).toBe('New');

      // The admin renames it; the template's next title change does not override that.
      await dashboards.updateOne({ _id: 'sales-overview' }, { $set: { title: { 'zh-CN': '我的', en: 'Mine' } } });
      await writeFile(file, JSON.stringify({ ...dashboard, version: dashboard.version + 2, title: { 'zh-CN': '更新版', en: 'Newer' } }));
      const kept = await installTemplatePack('sales-crm', dir);
      expect(kept.changes.find((c) => c.key === 'sales-overview')?.outcome).toBe('kept');
      expect((await dashboards.findOne({ _id: 'sales-overview' }))?.title.en).toBe('Mine');
    } finally {
      if (original) await dashboards.replaceOne({ _id: 'sales-overview' }, original);
      await installTemplatePack('sales-crm'); // the pack as shipped again, for the tests after this one
    }
  });
});
