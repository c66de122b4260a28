import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { collection } from '@/lib/db/collections';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { saveWorkflow } from '@/lib/workflows/workflow.service';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';
import { saveDashboard } from '@/lib/dashboards/dashboard.service';
import type { DashboardDefinition } from '@/lib/dashboards/dashboard.types';
import type { TemplateManifest } from '@/lib/templates/template.types';

export const TEMPLATES_DIR = path.join(process.cwd(), 'templates');

async function readJson<T>(file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`cannot read template file ${path.relative(process.cwd(), file)}: ${(error as Error).message}`);
  }
}

export interface TemplatePack {
  manifest: TemplateManifest;
  entities: EntityDefinition[];
  workflows: WorkflowDefinition[];
  dashboards: DashboardDefinition[];
}

export async function loadTemplatePack(key: string, dir = TEMPLATES_DIR): Promise<TemplatePack> {
  const root = path.join(dir, key);
  const manifest = await readJson<TemplateManifest>(path.join(root, 'manifest.json'));
  const load = <T>(kind: string, keys: string[]) =>
    Promise.all(keys.map(async (name) => ({ ...(await readJson<T>(path.join(root, kind, `${name}.json`))), template: manifest.key })));
  return {
    manifest,
    entities: await load<EntityDefinition>('entities', manifest.entities),
    workflows: await load<WorkflowDefinition>('workflows', manifest.workflows),
    dashboards: await load<DashboardDefinition>('dashboards', manifest.dashboards),
  };
}

export async function listTemplatePacks(dir = TEMPLATES_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

type Outcome = 'installed' | 'upgraded' | 'unchanged' | 'kept';

/**
 * Writes one definition when it is new or the template carries a newer version. A stored
 * definition of the same or a newer version is left alone: it may hold an admin's changes.
 */
async function installDefinition<T extends { key: string; version: number }>(
  name: 'entities' | 'workflows' | 'dashboards',
  def: T,
  save: (def: T) => Promise<void>,
): Promise<Outcome> {
  const stored = (await (await collection(name)).findOne({ _id: def.key })) as (T & { _id: string }) | null;
  if (!stored) {
    await save(def);
    return 'installed';
  }
  const { _id, ...current } = stored;
  if (isDeepStrictEqual(current, def)) return 'unchanged';
  if (def.version > stored.version) {
    await save(def);
    return 'upgraded';
  }
  return 'kept';
}

export interface InstallReport {
  pack: string;
  version: number;
  changes: { kind: string; key: string; outcome: Outcome }[];
}

/** Installs or upgrades a pack. Running it again with the same files changes nothing. */
export async function installTemplatePack(key: string, dir = TEMPLATES_DIR): Promise<InstallReport> {
  const pack = await loadTemplatePack(key, dir);
  const changes: InstallReport['changes'] = [];
  for (const entity of pack.entities) {
    changes.push({ kind: 'entity', key: entity.key, outcome: await installDefinition('entities', entity, saveEntity) });
  }
  for (const workflow of pack.workflows) {
    changes.push({ kind: 'workflow', key: workflow.key, outcome: await installDefinition('workflows', workflow, saveWorkflow) });
  }
  for (const dashboard of pack.dashboards) {
    changes.push({ kind: 'dashboard', key: dashboard.key, outcome: await installDefinition('dashboards', dashboard, saveDashboard) });
  }
  const installed = await collection('installedTemplates');
  const previous = await installed.findOne({ _id: key });
  if (!previous || previous.version !== pack.manifest.version) {
    const now = new Date();
    await installed.updateOne(
      { _id: key },
      { $set: { version: pack.manifest.version, updatedAt: now }, $setOnInsert: { installedAt: now } },
      { upsert: true },
    );
  }
  return { pack: key, version: pack.manifest.version, changes };
}

export async function installedTemplateVersion(key: string): Promise<number | null> {
  return (await (await collection('installedTemplates')).findOne({ _id: key }))?.version ?? null;
}
