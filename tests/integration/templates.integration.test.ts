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
    expect(report.changes.every((change) => change.outcome === 'unchanged')).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(TEMPLATES_DIR, 'sales-crm', 'manifest.json'), 'utf8'));
    expect(report.changes.map((c) => `${c.kind}:${c.key}`)).toEqual([
      ...manifest.entities.map((key: string) => `entity:${key}`),
      ...manifest.workflows.map((key: string) => `workflow:${key}`),
      ...manifest.dashboards.map((key: string) => `dashboard:${key}`),
    ]);
    expect(manifest.entities.slice(0, 1)).toEqual(['customer']);
    expect(manifest.entities).toContain('task');
  });

  it('upgrades to a newer version, and keeps a stored one the files do not supersede', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'salesflow-templates-'));
    await cp(path.join(TEMPLATES_DIR, 'sales-crm'), path.join(dir, 'sales-crm'), { recursive: true });
    const file = path.join(dir, 'sales-crm', 'dashboards', 'sales-overview.json');
    const dashboard = JSON.parse(await readFile(file, 'utf8'));
    const dashboards = await collection('dashboards');
    const original = await dashboards.findOne({ _id: 'sales-overview' });
    try {
      await writeFile(file, JSON.stringify({ ...dashboard, title: { 'zh-CN': '改过的', en: 'Edited' } }));
      const same = await installTemplatePack('sales-crm', dir);
      expect(same.changes.find((c) => c.key === 'sales-overview')?.outcome).toBe('kept');

      await writeFile(file, JSON.stringify({ ...dashboard, version: dashboard.version + 1, title: { 'zh-CN': '新版', en: 'New' } }));
      const upgraded = await installTemplatePack('sales-crm', dir);
      expect(upgraded.changes.find((c) => c.key === 'sales-overview')?.outcome).toBe('upgraded');
      expect((await dashboards.findOne({ _id: 'sales-overview' }))?.title.en).toBe('New');
    } finally {
      if (original) await dashboards.replaceOne({ _id: 'sales-overview' }, original);
    }
  });
});
