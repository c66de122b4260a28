import { collection } from '@/lib/db/collections';
import { badRequest, notFound } from '@/lib/errors/app-error';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';
import { upgradeLegacy } from '@/lib/dashboards/dashboard.legacy';
import { dashboardEntities } from '@/lib/dashboards/dashboard.indexes';
import { PACK_KEY_PATTERN } from '@/lib/templates/template.source';
import { definitionOf } from '@/lib/public-forms/public-form.service';
import type { PublicFormDefinition } from '@/lib/public-forms/public-form.types';
import type { TemplateFile, TemplateManifest } from '@/lib/templates/template.types';

export interface ExportOptions {
  /** Export these entities (with the workflows and dashboards that use only them) instead of a pack. */
  entities?: string[];
  /** Key and name of the exported app when it is a chosen set of entities. */
  key?: string;
  version?: number;
}

function clean<T extends { template?: string; archived?: boolean; _id?: string }>(doc: T): Omit<T, '_id' | 'template' | 'archived'> {
  const { _id, template: _template, archived: _archived, ...definition } = doc;
  return definition;
}

/** Entities a definition set leaves dangling (relations to entities not exported). */
function outsideRelations(entities: EntityDefinition[]): string[] {
  const own = new Set(entities.map((entity) => entity.key));
  return [
    ...new Set(
      entities.flatMap((entity) =>
        entity.fields.flatMap((field) => [field, ...(field.fields ?? [])]).filter((field) => field.type === 'relation' && !own.has(field.relation?.entity ?? '')).map((field) => field.relation!.entity),
      ),
    ),
  ];
}

/**
 * An installed app as a template file, read from the database: the definitions as they are
 * now, with the admin's changes. Entities come in dependency order (related ones first).
 */
export async function exportTemplate(packKey: string, options: ExportOptions = {}): Promise<TemplateFile> {
  const installed = await (await collection('installedTemplates')).findOne({ _id: packKey });
  const all = await (await collection('entities')).find({}).toArray();
  let chosen: typeof all;
  if (options.entities?.length) {
    chosen = options.entities.map((key) => {
      const doc = all.find((entity) => entity._id === key && !entity.archived);
      if (!doc) throw badRequest(`entity "${key}" does not exist`);
      return doc;
    });
  } else {
    if (!installed || installed.status === 'uninstalled') throw notFound();
    chosen = all.filter((entity) => entity.template === packKey && !entity.archived);
    // The order the template gave them (dependencies first), then any others.
    const order = installed.manifest?.entities ?? [];
    chosen.sort((a, b) => (order.indexOf(a._id) + 1 || 1e6) - (order.indexOf(b._id) + 1 || 1e6));
  }
  const keys = new Set(chosen.map((entity) => entity._id));
  const entities = chosen.map((doc) => clean(doc) as EntityDefinition);
  const dangling = outsideRelations(entities);
  if (dangling.length > 0 && options.entities?.length) throw badRequest(`the entities point to ${dangling.join(', ')}, which are not exported: add them`);

  const byPack = <T extends { template?: string }>(doc: T) => !options.entities?.length && doc.template === packKey;
  const workflows = (await (await collection('workflows')).find({}).toArray())
    .filter((doc) => byPack(doc) || (options.entities?.length && 'entity' in doc.trigger && doc.trigger.entity && keys.has(doc.trigger.entity)))
    .map((doc) => clean(doc) as WorkflowDefinition);
  const dashboards = (await (await collection('dashboards')).find({}).toArray())
    .filter((doc) => byPack(doc) || (options.entities?.length && dashboardEntities(upgradeLegacy(doc as never)).length > 0 && dashboardEntities(upgradeLegacy(doc as never)).every((entity) => keys.has(entity))))
    .map((doc) => upgradeLegacy(clean(doc) as never));

  // A form goes without its link: the installation that receives it makes its own.
  const publicForms = (await (await collection('publicForms')).find({}).toArray())
    .filter((doc) => byPack(doc) || (options.entities?.length && keys.has(doc.entity)))
    .map((doc) => clean(definitionOf(doc)) as PublicFormDefinition);

  const key = options.key ?? packKey;
  if (!PACK_KEY_PATTERN.test(key)) throw badRequest(`"${key}" is not a template key (lowercase letters, digits and "-")`);
  const base = installed?.manifest;
  const manifest: TemplateManifest = {
    key,
    version: options.version ?? installed?.version ?? 1,
    name: base?.name ?? { 'zh-CN': key, en: key },
    description: base?.description ?? { 'zh-CN': '', en: '' },
    ...(base?.category ? { category: base.category } : {}),
    ...(base?.icon ? { icon: base.icon } : {}),
    entities: entities.map((entity) => entity.key),
    workflows: workflows.map((workflow) => workflow.key),
    dashboards: dashboards.map((dashboard) => dashboard.key),
    ...(publicForms.length > 0 ? { publicForms: publicForms.map((form) => form.key) } : {}),
  };
  return { format: 'salesflow-template', formatVersion: 1, manifest, entities, workflows, dashboards, ...(publicForms.length > 0 ? { publicForms } : {}) };
}
