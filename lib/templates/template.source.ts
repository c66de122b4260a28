import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { collection } from '@/lib/db/collections';
import { AppError, badRequest, notFound } from '@/lib/errors/app-error';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';
import type { DashboardDefinition } from '@/lib/dashboards/dashboard.types';
import { upgradeLegacy } from '@/lib/dashboards/dashboard.legacy';
import type { RoleDefinition } from '@/lib/permissions/permission.types';
import type { PublicFormDefinition } from '@/lib/public-forms/public-form.types';
import { DEMO_LOCALES, type DemoData, type DemoLocale, type TemplateFile, type TemplateManifest, type TemplatePack } from '@/lib/templates/template.types';

export const TEMPLATES_DIR = path.join(process.cwd(), 'templates');
export const PACK_KEY_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

async function readJson<T>(file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`cannot read template file ${path.relative(process.cwd(), file)}: ${(error as Error).message}`);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Definitions carry the key of the pack that installed them. */
function stamped<T extends object>(defs: T[], pack: string): (T & { template: string })[] {
  return defs.map((def) => ({ ...def, template: pack }));
}

/** Reads templates/<key>/ (manifest, entities, workflows, dashboards, demo data). */
export async function loadTemplatePack(key: string, dir = TEMPLATES_DIR): Promise<TemplatePack> {
  if (!PACK_KEY_PATTERN.test(key)) throw notFound();
  const root = path.join(dir, key);
  if (!(await exists(path.join(root, 'manifest.json')))) throw notFound();
  const manifest = await readJson<TemplateManifest>(path.join(root, 'manifest.json'));
  const load = <T>(kind: string, keys: string[] = []) => Promise.all(keys.map((name) => readJson<T>(path.join(root, kind, `${name}.json`))));
  const demo: TemplatePack['demo'] = {};
  for (const locale of DEMO_LOCALES) {
    const file = path.join(root, 'demo', `${locale}.json`);
    if (await exists(file)) demo[locale] = await readJson<DemoData>(file);
  }
  return {
    manifest: { ...manifest, workflows: manifest.workflows ?? [], dashboards: manifest.dashboards ?? [] },
    entities: stamped(await load<EntityDefinition>('entities', manifest.entities), manifest.key),
    workflows: stamped(await load<WorkflowDefinition>('workflows', manifest.workflows), manifest.key),
    // Dashboards of packs written before widgets (charts) read as widgets.
    dashboards: stamped((await load<DashboardDefinition>('dashboards', manifest.dashboards)).map((def) => upgradeLegacy(def as never)), manifest.key),
    roles: await load<RoleDefinition>('roles', manifest.roles),
    publicForms: stamped(await load<PublicFormDefinition>('public-forms', manifest.publicForms), manifest.key),
    demo,
    source: 'folder',
  };
}

/** Keys of the pack folders in templates/. */
export async function listTemplatePacks(dir = TEMPLATES_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const keys: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && PACK_KEY_PATTERN.test(entry.name) && (await exists(path.join(dir, entry.name, 'manifest.json')))) keys.push(entry.name);
  }
  return keys.sort();
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the shape of an uploaded template file; the definitions themselves are checked when saved. */
export function parseTemplateFile(input: unknown): TemplateFile {
  if (!isObject(input) || input.format !== 'salesflow-template') throw badRequest('not a Salesflow template file (format must be "salesflow-template")');
  if (input.formatVersion !== 1) throw badRequest(`template file format version ${String(input.formatVersion)} is not supported (expected 1)`);
  const manifest = input.manifest;
  if (!isObject(manifest) || typeof manifest.key !== 'string' || !PACK_KEY_PATTERN.test(manifest.key)) throw badRequest('the manifest needs a key of lowercase letters, digits and "-"');
  if (typeof manifest.version !== 'number' || !Number.isInteger(manifest.version) || manifest.version < 1) throw badRequest('the manifest needs a whole version number');
  if (!isObject(manifest.name)) throw badRequest('the manifest needs a name');
  for (const kind of ['entities', 'workflows', 'dashboards'] as const) {
    if (!Array.isArray(input[kind]) || !(input[kind] as unknown[]).every((def) => isObject(def) && typeof def.key === 'string')) {
      throw badRequest(`"${kind}" must be a list of definitions with keys`);
    }
  }
  if (input.publicForms !== undefined && (!Array.isArray(input.publicForms) || !(input.publicForms as unknown[]).every((def) => isObject(def) && typeof def.key === 'string'))) {
    throw badRequest('"publicForms" must be a list of definitions with keys');
  }
  if (input.demo !== undefined && !isObject(input.demo)) throw badRequest('"demo" must map locales to demo data');
  return input as unknown as TemplateFile;
}

/** A template file as a pack (its manifest lists what the file holds, in the file's order). */
export function packFromFile(file: TemplateFile): TemplatePack {
  const key = file.manifest.key;
  const demo: TemplatePack['demo'] = {};
  for (const locale of DEMO_LOCALES) if (file.demo?.[locale]) demo[locale] = file.demo[locale];
  return {
    manifest: {
      ...file.manifest,
      description: file.manifest.description ?? { 'zh-CN': '', en: '' },
      entities: file.entities.map((def) => def.key),
      workflows: file.workflows.map((def) => def.key),
      dashboards: file.dashboards.map((def) => def.key),
      roles: (file.roles ?? []).map((role) => role.key),
      publicForms: (file.publicForms ?? []).map((form) => form.key),
      demo: Object.keys(demo) as DemoLocale[],
    },
    roles: Array.isArray(file.roles) ? file.roles : [],
    entities: stamped(file.entities, key),
    workflows: stamped(file.workflows, key),
    dashboards: stamped(file.dashboards.map((def) => upgradeLegacy(def as never)), key),
    publicForms: stamped(file.publicForms ?? [], key),
    demo,
    source: 'upload',
  };
}

/** Keeps an uploaded template file, so it is listed (and can be upgraded from) like a pack folder. */
export async function storeUploadedTemplate(file: TemplateFile, uploadedBy: string): Promise<void> {
  await (await collection('uploadedTemplates')).replaceOne(
    { _id: file.manifest.key },
    { json: JSON.stringify(file), uploadedAt: new Date(), uploadedBy },
    { upsert: true },
  );
}

export async function listUploadedTemplates(): Promise<TemplatePack[]> {
  const docs = await (await collection('uploadedTemplates')).find({}).toArray();
  return docs.map((doc) => packFromFile(parseTemplateFile(JSON.parse(doc.json)))).sort((a, b) => a.manifest.key.localeCompare(b.manifest.key));
}

/**
 * A pack by key: the folder in templates/ wins over an uploaded file of the same key, unless
 * the upload carries a newer version.
 */
export async function findPack(key: string, dir = TEMPLATES_DIR): Promise<TemplatePack | null> {
  if (!PACK_KEY_PATTERN.test(key)) return null;
  const folder = await loadTemplatePack(key, dir).catch((error) => {
    if (error instanceof AppError && error.kind === 'not_found') return null;
    throw error;
  });
  const upload = await (await collection('uploadedTemplates')).findOne({ _id: key });
  const uploaded = upload ? packFromFile(parseTemplateFile(JSON.parse(upload.json))) : null;
  if (folder && uploaded) return uploaded.manifest.version > folder.manifest.version ? uploaded : folder;
  return folder ?? uploaded;
}

export async function getPack(key: string, dir = TEMPLATES_DIR): Promise<TemplatePack> {
  const pack = await findPack(key, dir);
  if (!pack) throw notFound();
  return pack;
}
