import { collection } from '@/lib/db/collections';
import { fieldType, isFieldTypeKey } from '@/lib/fields/registry';
import type { LocalizedText } from '@/lib/i18n/locale';
import { findPack, listTemplatePacks, listUploadedTemplates, loadTemplatePack, TEMPLATES_DIR } from '@/lib/templates/template.source';
import type { DemoLocale, TemplatePack } from '@/lib/templates/template.types';
import { notFound } from '@/lib/errors/app-error';

export interface TemplateSummary {
  key: string;
  version: number;
  name: LocalizedText;
  description: LocalizedText;
  category: string | null;
  icon: string | null;
  source: 'folder' | 'upload';
  demo: DemoLocale[];
  counts: { entities: number; workflows: number; dashboards: number };
  installed: { version: number; status: 'installed' | 'uninstalled'; installedAt: string; updatedAt: string } | null;
  upgradeAvailable: boolean;
}

export interface TemplatePreview extends TemplateSummary {
  entities: {
    key: string;
    label: LocalizedText;
    fields: { key: string; label: LocalizedText; type: string; typeLabel: LocalizedText; required: boolean; relation: string | null }[];
  }[];
  workflows: { key: string; name: LocalizedText; trigger: { entity: string; event: string } }[];
  dashboards: { key: string; title: LocalizedText; widgets: number }[];
}

async function summaryOf(pack: TemplatePack): Promise<TemplateSummary> {
  const installed = await (await collection('installedTemplates')).findOne({ _id: pack.manifest.key });
  const { manifest } = pack;
  const status = installed?.status ?? 'installed';
  return {
    key: manifest.key,
    version: manifest.version,
    name: manifest.name,
    description: manifest.description,
    category: manifest.category ?? null,
    icon: manifest.icon ?? null,
    source: pack.source,
    demo: (Object.keys(pack.demo) as DemoLocale[]).sort(),
    counts: { entities: pack.entities.length, workflows: pack.workflows.length, dashboards: pack.dashboards.length },
    installed: installed
      ? { version: installed.version, status, installedAt: installed.installedAt.toISOString(), updatedAt: installed.updatedAt.toISOString() }
      : null,
    upgradeAvailable: Boolean(installed && status === 'installed' && manifest.version > installed.version),
  };
}

/** The packs of templates/ and the uploaded template files (a folder wins unless the upload is newer). */
export async function listTemplates(dir = TEMPLATES_DIR): Promise<TemplateSummary[]> {
  const packs = new Map<string, TemplatePack>();
  for (const key of await listTemplatePacks(dir)) packs.set(key, await loadTemplatePack(key, dir));
  for (const upload of await listUploadedTemplates()) {
    const folder = packs.get(upload.manifest.key);
    if (!folder || upload.manifest.version > folder.manifest.version) packs.set(upload.manifest.key, upload);
  }
  return Promise.all([...packs.values()].map(summaryOf));
}

/** What a pack holds: its entities with their fields, its workflows and dashboards. */
export async function previewTemplate(key: string, dir = TEMPLATES_DIR): Promise<TemplatePreview> {
  const pack = await findPack(key, dir);
  if (!pack) throw notFound();
  return {
    ...(await summaryOf(pack)),
    entities: pack.entities.map((entity) => ({
      key: entity.key,
      label: entity.label,
      fields: entity.fields.map((field) => ({
        key: field.key,
        label: field.label,
        type: field.type,
        typeLabel: isFieldTypeKey(field.type) ? fieldType(field.type).label : { 'zh-CN': field.type, en: field.type },
        required: Boolean(field.required),
        relation: field.relation?.entity ?? null,
      })),
    })),
    workflows: pack.workflows.map((workflow) => ({ key: workflow.key, name: workflow.name, trigger: { entity: 'entity' in workflow.trigger ? workflow.trigger.entity ?? '' : '', event: workflow.trigger.event } })),
    dashboards: pack.dashboards.map((dashboard) => ({ key: dashboard.key, title: dashboard.title, widgets: dashboard.widgets.length })),
  };
}

/** The installed packs' names and icons by key, for grouping the menu by app (a pack installed before names were kept shows its key). */
export async function installedPackNames(): Promise<Map<string, { name: LocalizedText; icon: string | null }>> {
  const docs = await (await collection('installedTemplates')).find({ status: { $ne: 'uninstalled' } }, { projection: { _id: 1, 'manifest.name': 1, 'manifest.icon': 1 } }).toArray();
  return new Map(docs.map((doc) => [doc._id, { name: doc.manifest?.name ?? { 'zh-CN': doc._id, en: doc._id }, icon: doc.manifest?.icon ?? null }]));
}
