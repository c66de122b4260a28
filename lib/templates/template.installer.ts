import { isDeepStrictEqual } from 'node:util';
import { collection } from '@/lib/db/collections';
import { badRequest, conflict, definitionInvalid } from '@/lib/errors/app-error';
import { definitionProblems, linkedFieldProblems, type RelatedEntity } from '@/lib/entities/definition-problems';
import { findEntity, saveEntity, setEntityArchived } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { saveWorkflow, workflowProblems } from '@/lib/workflows/workflow.service';
import { forgetWorkflowTriggers } from '@/lib/workflows/workflow.dispatcher';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';
import { dashboardShapeProblems, saveDashboard } from '@/lib/dashboards/dashboard.service';
import type { DashboardDefinition } from '@/lib/dashboards/dashboard.types';
import type { Actor } from '@/lib/users/user.types';
import { checkPublicForm, savePublicForm, storedPublicFormDefinition } from '@/lib/public-forms/public-form.service';
import { publicFormProblems } from '@/lib/public-forms/public-form.checks';
import type { PublicFormDefinition } from '@/lib/public-forms/public-form.types';
import { loadDemoData } from '@/lib/templates/template.demo';
import { installTemplateRoles, roleProblems } from '@/lib/permissions/role.service';
import { mergeDefinition, sameDefinition } from '@/lib/templates/template.merge';
import { getPack, TEMPLATES_DIR } from '@/lib/templates/template.source';
import type {
  DemoLocale,
  InstalledSnapshot,
  InstalledTemplateDoc,
  InstallReport,
  ItemKind,
  ItemOutcome,
  ItemReason,
  ItemReport,
  TemplatePack,
} from '@/lib/templates/template.types';
import type { LocalizedText } from '@/lib/i18n/locale';

export { listTemplatePacks, loadTemplatePack, TEMPLATES_DIR } from '@/lib/templates/template.source';
export type { InstallReport, TemplatePack } from '@/lib/templates/template.types';

type Definition = EntityDefinition | WorkflowDefinition | DashboardDefinition | PublicFormDefinition;
const COLLECTION = { entity: 'entities', workflow: 'workflows', dashboard: 'dashboards' } as const;
const SNAPSHOT = { entity: 'entities', workflow: 'workflows', dashboard: 'dashboards', publicForm: 'publicForms' } as const;

export interface InstallOptions {
  /** Where pack folders are read (tests use fixture packs). */
  dir?: string;
  /** Who installs: versions are published in their name and demo records are theirs. */
  actor?: Actor;
  demo?: DemoLocale;
}

async function stored<T extends Definition>(kind: ItemKind, key: string): Promise<(T & { archived?: boolean }) | null> {
  // A public form's document also holds its link, which is the installation's, not the definition's.
  if (kind === 'publicForm') return (await storedPublicFormDefinition(key)) as T | null;
  const doc = await (await collection(COLLECTION[kind])).findOne({ _id: key });
  if (!doc) return null;
  const { _id, ...definition } = doc;
  return definition as unknown as T & { archived?: boolean };
}

/** Whether the admin changed a stored definition since the template installed it. */
async function adminChanged(kind: ItemKind, current: Definition, base: Definition | undefined, theirs: Definition): Promise<boolean> {
  if (base) return !sameDefinition(current, base);
  // Installed before snapshots were kept: an entity knows who published its current version;
  // a workflow or dashboard the template does not supersede counts as the admin's.
  if (kind === 'entity') {
    const version = await (await collection('entityVersions')).findOne({ _id: `${current.key}@${current.version}` });
    return version?.publishedBy !== 'template';
  }
  return current.version >= theirs.version;
}

async function problemsOf(kind: ItemKind, def: Definition): Promise<string[]> {
  if (kind === 'entity') return definitionProblems(def as EntityDefinition);
  if (kind === 'workflow') return workflowProblems(def as WorkflowDefinition);
  // Entities come first: a form is checked against its entity as installed (perhaps merged with an admin's changes).
  if (kind === 'publicForm') return checkPublicForm(def);
  return [];
}

async function save(kind: ItemKind, def: Definition, publishedBy: string): Promise<void> {
  if (kind === 'entity') await saveEntity(def as EntityDefinition, publishedBy);
  else if (kind === 'workflow') await saveWorkflow(def as WorkflowDefinition);
  else if (kind === 'publicForm') await savePublicForm(def as PublicFormDefinition, publishedBy);
  else await saveDashboard(def as DashboardDefinition);
}

/** A reason as the English line of `details`. */
function reasonLines(reason: ItemReason): string[] {
  switch (reason.code) {
    case 'restored':
      return ['restored'];
    case 'ownedByTemplate':
      return [`belongs to the template "${reason.template}"`];
    case 'createdByAdmin':
      return ['created by an admin'];
    case 'changedByAdmin':
      return ['changed by an admin'];
    case 'nothingNew':
      return ['changed by an admin; nothing new to take from the template'];
    case 'notMergeable':
      return ['changed by an admin; the template changes could not be merged', ...reason.problems];
    case 'doesNotFit':
      return ['not taken: it does not fit its entity as it is', ...reason.problems];
  }
}

/** The name people know a definition by. */
function nameOf(kind: ItemKind, def: Definition): LocalizedText | undefined {
  if (kind === 'entity') return (def as EntityDefinition).label;
  if (kind === 'workflow') return (def as WorkflowDefinition).name;
  return (def as DashboardDefinition).title;
}

/** One definition of the pack: installed, replaced, merged with the admin's changes, or left alone. */
async function applyItem(kind: ItemKind, theirs: Definition, base: Definition | undefined, pack: string, publishedBy: string, restoredElsewhere = false): Promise<ItemReport> {
  const current = await stored<Definition>(kind, theirs.key);
  const key = theirs.key;
  const name = nameOf(kind, theirs);
  const item = (outcome: ItemOutcome, reasons: ItemReason[] = [], notes: string[] = []): ItemReport => {
    const details = [...reasons.flatMap(reasonLines), ...notes];
    return { kind, key, ...(name ? { name } : {}), outcome, ...(reasons.length > 0 ? { reasons } : {}), ...(notes.length > 0 ? { notes } : {}), ...(details.length > 0 ? { details } : {}) };
  };
  if (!current) {
    if (kind === 'publicForm') {
      const problems = await problemsOf(kind, theirs);
      if (problems.length > 0) return item('kept', [{ code: 'doesNotFit', problems }]);
    }
    await save(kind, theirs, publishedBy);
    return item('installed');
  }
  const owner = (current as { template?: string }).template;
  if (owner !== pack) return item('kept', [owner ? { code: 'ownedByTemplate', template: owner } : { code: 'createdByAdmin' }]);
  const restored = restoredElsewhere || (kind === 'entity' && (current as { archived?: boolean }).archived === true);
  const outcomeOf = (report: ItemReport): ItemReport =>
    restored && (report.outcome === 'unchanged' || report.outcome === 'kept') ? item('installed', [{ code: 'restored' }, ...(report.reasons ?? [])], report.notes) : report;
  const { archived: _archived, ...definition } = current as Definition & { archived?: boolean };
  const nextVersion = Math.max(theirs.version, definition.version + 1);
  // A workflow or a public form keeps whether it is on: that is the admin's (or the uninstall's) choice.
  const keepSwitch = (def: Definition) => (kind === 'workflow' || kind === 'publicForm' ? { ...def, enabled: (definition as WorkflowDefinition | PublicFormDefinition).enabled } : def);

  if (sameDefinition(definition, theirs)) {
    if (restored && kind === 'entity') await setEntityArchived(key, false);
    return outcomeOf(item('unchanged'));
  }
  const changedByAdmin = await adminChanged(kind, definition, base, theirs);
  const changedByTemplate = base ? !sameDefinition(theirs, base) : true;
  if (!changedByTemplate) {
    if (restored && kind === 'entity') await setEntityArchived(key, false);
    return outcomeOf(item('kept', [{ code: 'changedByAdmin' }]));
  }
  if (!changedByAdmin) {
    const upgraded = keepSwitch({ ...theirs, version: nextVersion });
    const problems = kind === 'publicForm' ? await problemsOf(kind, upgraded) : [];
    if (problems.length > 0) return outcomeOf(item('kept', [{ code: 'doesNotFit', problems }]));
    await save(kind, upgraded, publishedBy);
    return outcomeOf(item('upgraded'));
  }
  const { merged, notes } = mergeDefinition<Definition>(base, definition, theirs);
  if (sameDefinition(merged, definition)) {
    if (restored && kind === 'entity') await setEntityArchived(key, false);
    return outcomeOf(item('kept', [{ code: 'nothingNew' }]));
  }
  const problems = await problemsOf(kind, merged);
  if (problems.length > 0) {
    if (restored && kind === 'entity') await setEntityArchived(key, false);
    return outcomeOf(item('kept', [{ code: 'notMergeable', problems }]));
  }
  await save(kind, { ...merged, version: nextVersion, template: pack } as Definition, publishedBy);
  return outcomeOf(item('merged', [], notes));
}

/** Relations must point at entities of the pack or entities already installed. */
async function missingEntities(pack: TemplatePack): Promise<string[]> {
  const own = new Set(pack.entities.map((entity) => entity.key));
  const targets = new Set(
    pack.entities.flatMap((entity) =>
      entity.fields.flatMap((field) => [field, ...(field.fields ?? [])]).filter((field) => field.type === 'relation' && field.relation?.entity).map((field) => field.relation!.entity),
    ),
  );
  const missing: string[] = [];
  for (const target of targets) {
    if (own.has(target)) continue;
    const doc = await (await collection('entities')).findOne({ _id: target });
    if (!doc || doc.archived) missing.push(target);
  }
  return missing;
}

/** Linked fills and picker columns name fields of the entities they relate to (the pack's own, or installed ones). */
async function linkedProblems(pack: TemplatePack): Promise<string[]> {
  const known = new Map<string, RelatedEntity>(pack.entities.map((entity) => [entity.key, entity]));
  for (const field of pack.entities.flatMap((entity) => entity.fields.flatMap((candidate) => [candidate, ...(candidate.fields ?? [])]))) {
    const target = field.type === 'relation' ? field.relation?.entity : undefined;
    if (!target || known.has(target)) continue;
    const installed = await findEntity(target);
    if (installed) known.set(target, installed);
  }
  return pack.entities.flatMap((def) => linkedFieldProblems(def, (key) => known.get(key)).map((problem) => `entity ${def.key}: ${problem}`));
}

function snapshotOf(pack: TemplatePack): InstalledSnapshot {
  return {
    entities: Object.fromEntries(pack.entities.map((def) => [def.key, def])),
    workflows: Object.fromEntries(pack.workflows.map((def) => [def.key, def])),
    dashboards: Object.fromEntries(pack.dashboards.map((def) => [def.key, def])),
    ...(pack.publicForms?.length ? { publicForms: Object.fromEntries(pack.publicForms.map((def) => [def.key, def])) } : {}),
  };
}

/** A pack's public forms, each checked against its entity as the pack defines it (or as installed, for another pack's entity). */
async function packPublicFormProblems(pack: TemplatePack): Promise<string[]> {
  const problems: string[] = [];
  for (const form of pack.publicForms ?? []) {
    const entityKey = (form as { entity?: unknown }).entity;
    const entity = pack.entities.find((candidate) => candidate.key === entityKey) ?? (typeof entityKey === 'string' ? await findEntity(entityKey) : null);
    problems.push(...publicFormProblems(form, entity).map((problem) => `public form ${String(form?.key)}: ${problem}`));
  }
  return problems;
}

/** Gives back what an uninstall took away: the workflows it switched off and the dashboards it removed. */
async function undoUninstall(previous: InstalledTemplateDoc): Promise<Set<string>> {
  const restored = new Set<string>();
  if (previous.status !== 'uninstalled') return restored;
  const workflows = await collection('workflows');
  for (const key of previous.disabledWorkflows ?? []) {
    await workflows.updateOne({ _id: key }, { $set: { enabled: true } });
    restored.add(`workflow:${key}`);
  }
  forgetWorkflowTriggers();
  const dashboards = await collection('dashboards');
  for (const dashboard of previous.removedDashboards ?? []) {
    if (!(await dashboards.findOne({ _id: dashboard.key }))) await saveDashboard(dashboard);
    restored.add(`dashboard:${dashboard.key}`);
  }
  return restored;
}

/**
 * Installs a pack, or brings an installed one to the pack's version: definitions the admin
 * did not change are replaced, changed ones are merged (the template's new fields and options
 * join the admin's), and every item is reported. Records are never touched: a field the new
 * version drops or retypes keeps its stored values (shown as retired data). Running it again
 * with the same pack changes nothing.
 */
export async function applyPack(pack: TemplatePack, options: InstallOptions = {}): Promise<InstallReport> {
  const key = pack.manifest.key;
  // Every definition is checked before anything is written: a broken file changes nothing.
  const problems = [
    ...pack.entities.flatMap((def) => definitionProblems(def).map((problem) => `entity ${def.key}: ${problem}`)),
    ...pack.workflows.flatMap((def) => workflowProblems(def).map((problem) => `workflow ${def.key}: ${problem}`)),
    ...pack.dashboards.flatMap((def) => dashboardShapeProblems(def).map((problem) => `dashboard ${def.key}: ${problem}`)),
    ...(pack.roles ?? []).flatMap((role) => roleProblems(role).map((problem) => `role ${String(role?.key)}: ${problem}`)),
    ...(await packPublicFormProblems(pack)),
  ];
  if (problems.length > 0) throw definitionInvalid(`the template "${key}"`, problems);
  const missing = await missingEntities(pack);
  if (missing.length > 0) throw badRequest(`the template "${key}" needs the entities ${missing.join(', ')}: install the template that provides them first`);
  const linked = await linkedProblems(pack);
  if (linked.length > 0) throw definitionInvalid(`the template "${key}"`, linked);
  const installed = await collection('installedTemplates');
  const previous = await installed.findOne({ _id: key });
  const restored = previous ? await undoUninstall(previous) : new Set<string>();
  const base = previous?.snapshot;
  const publishedBy = options.actor?.id ?? 'template';
  const changes: ItemReport[] = [];
  const kinds: [ItemKind, Definition[]][] = [
    ['entity', pack.entities],
    ['workflow', pack.workflows],
    ['dashboard', pack.dashboards],
    ['publicForm', pack.publicForms ?? []],
  ];
  for (const [kind, defs] of kinds) {
    for (const def of defs) {
      const original = (base?.[SNAPSHOT[kind]] as Record<string, Definition> | undefined)?.[def.key];
      changes.push(await applyItem(kind, def, original, key, publishedBy, restored.has(`${kind}:${def.key}`)));
    }
  }

  const snapshot = snapshotOf(pack);
  const now = new Date();
  const next = { version: pack.manifest.version, status: 'installed' as const, snapshot, manifest: pack.manifest };
  const unchanged = previous && previous.status !== 'uninstalled' && previous.version === next.version && isDeepStrictEqual(previous.snapshot, snapshot) && isDeepStrictEqual(previous.manifest, pack.manifest);
  if (!unchanged) {
    await installed.updateOne(
      { _id: key },
      { $set: { ...next, updatedAt: now }, $setOnInsert: { installedAt: now }, $unset: { uninstalledAt: '', disabledWorkflows: '', removedDashboards: '' } },
      { upsert: true },
    );
  }
  const report: InstallReport = { pack: key, version: pack.manifest.version, previousVersion: previous && previous.status !== 'uninstalled' ? previous.version : null, changes };
  if ((pack.roles ?? []).length > 0) report.roles = await installTemplateRoles(key, pack.roles);
  if (options.demo) {
    const data = pack.demo[options.demo];
    if (!data) throw badRequest(`the template "${key}" has no demo data in ${options.demo}`);
    if (!options.actor) throw badRequest('demo data needs the installing admin');
    report.demo = await loadDemoData(key, options.demo, data, options.actor);
  }
  return report;
}

/** Installs a pack of templates/ (or an uploaded one) by key; an installed older version is upgraded. */
export async function installTemplate(key: string, options: InstallOptions = {}): Promise<InstallReport> {
  return applyPack(await getPack(key, options.dir), options);
}

/** Upgrades an installed pack to the version found in templates/ (or uploaded). */
export async function upgradeTemplate(key: string, options: InstallOptions = {}): Promise<InstallReport> {
  const previous = await (await collection('installedTemplates')).findOne({ _id: key });
  if (!previous || previous.status === 'uninstalled') throw conflict(`the template "${key}" is not installed`);
  const pack = await getPack(key, options.dir);
  if (pack.manifest.version < previous.version) throw conflict(`the installed version ${previous.version} is newer than the template's ${pack.manifest.version}`);
  return applyPack(pack, options);
}

/** Kept for callers of the first installer (setup, tests): installs or upgrades a pack folder. */
export async function installTemplatePack(key: string, dir = TEMPLATES_DIR): Promise<InstallReport> {
  return installTemplate(key, { dir });
}

export async function installedTemplate(key: string): Promise<InstalledTemplateDoc | null> {
  return (await collection('installedTemplates')).findOne({ _id: key });
}

export async function installedTemplateVersion(key: string): Promise<number | null> {
  const doc = await installedTemplate(key);
  return doc && doc.status !== 'uninstalled' ? doc.version : null;
}
