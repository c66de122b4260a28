import { randomBytes } from 'node:crypto';
import { collection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { conflict, definitionInvalid, notFound } from '@/lib/errors/app-error';
import { findEntity } from '@/lib/entities/entity.service';
import { publicFormProblems } from '@/lib/public-forms/public-form.checks';
import { PUBLIC_FORM_KEY_PATTERN, type PublicFormDefinition, type PublicFormDoc } from '@/lib/public-forms/public-form.types';

/** What an admin sees of a public form: its definition, its link and how many submissions it took. */
export interface PublicFormView extends PublicFormDefinition {
  slug: string;
  /** The page a visitor opens (relative to the app's address). */
  path: string;
  submissions: number;
  updatedAt: string;
  updatedBy: string;
  /** What stops the form now (its entity changed since it was saved): its link answers 404 until it is fixed. */
  problems: string[];
}

/** 18 random bytes: a link nobody finds by trying. */
export function newSlug(): string {
  return randomBytes(18).toString('base64url');
}

export const SLUG_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** The definition stored in a form's document, without what belongs to this installation (link, who saved it when). */
export function definitionOf(doc: PublicFormDoc): PublicFormDefinition {
  const { _id: _key, slug: _slug, updatedAt: _at, updatedBy: _by, ...definition } = doc;
  return definition;
}

async function submissionCounts(keys: string[]): Promise<Map<string, number>> {
  const docs = await (await collection('publicFormCounters')).find({ _id: { $in: keys } }).toArray();
  return new Map(docs.map((doc) => [doc._id, doc.submissions]));
}

async function toView(doc: PublicFormDoc, submissions: number): Promise<PublicFormView> {
  const definition = definitionOf(doc);
  return { ...definition, slug: doc.slug, path: `/f/${doc.slug}`, submissions, updatedAt: doc.updatedAt.toISOString(), updatedBy: doc.updatedBy, problems: await checkPublicForm(definition) };
}

export async function findPublicForm(key: string): Promise<PublicFormDoc | null> {
  if (typeof key !== 'string' || !PUBLIC_FORM_KEY_PATTERN.test(key)) return null;
  return (await collection('publicForms')).findOne({ _id: key });
}

/** The stored definition of a form, for the template installer (null when there is none). */
export async function storedPublicFormDefinition(key: string): Promise<PublicFormDefinition | null> {
  const doc = await findPublicForm(key);
  return doc ? definitionOf(doc) : null;
}

/** Public forms, of one entity or all, by key. */
export async function listPublicForms(entity?: string): Promise<PublicFormView[]> {
  const filter = typeof entity === 'string' ? { entity: String(entity) } : {};
  const docs = await (await collection('publicForms')).find(filter).sort({ _id: 1 }).toArray();
  const counts = await submissionCounts(docs.map((doc) => doc._id));
  return Promise.all(docs.map((doc) => toView(doc, counts.get(doc._id) ?? 0)));
}

export async function getPublicForm(key: string): Promise<PublicFormView> {
  const doc = await findPublicForm(key);
  if (!doc) throw notFound();
  return toView(doc, (await submissionCounts([doc._id])).get(doc._id) ?? 0);
}

/** Everything wrong with a definition, checked against its entity as published now. */
export async function checkPublicForm(def: unknown): Promise<string[]> {
  const entityKey = typeof def === 'object' && def !== null ? (def as { entity?: unknown }).entity : undefined;
  const entity = typeof entityKey === 'string' ? await findEntity(entityKey) : null;
  return publicFormProblems(def, entity);
}

/**
 * Saves a definition (checked completely first) as the form's current version and keeps the
 * version. The link stays what it was; a new form gets a new unguessable one.
 */
export async function savePublicForm(def: PublicFormDefinition, savedBy: string): Promise<PublicFormView> {
  const problems = await checkPublicForm(def);
  if (problems.length > 0) throw definitionInvalid(`the public form "${String(def.key)}"`, problems);
  const forms = await collection('publicForms');
  const current = await forms.findOne({ _id: def.key });
  const now = new Date();
  const doc: PublicFormDoc = { ...def, _id: def.key, slug: current?.slug ?? newSlug(), updatedAt: now, updatedBy: savedBy };
  await forms.replaceOne({ _id: def.key }, doc, { upsert: true });
  const versions = await collection('publicFormVersions');
  const versionId = `${def.key}@${def.version}`;
  // A template installed again at the same version is the same version: keep the first.
  if (!(await versions.findOne({ _id: versionId }))) {
    await versions.insertOne({ _id: versionId, form: def.key, version: def.version, definition: def, savedAt: now, savedBy }).catch((error) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  }
  await (await collection('publicFormCounters')).insertOne({ _id: def.key, submissions: 0 }).catch((error) => {
    if (!isDuplicateKeyError(error)) throw error;
  });
  return getPublicForm(def.key);
}

/** What the HTTP API accepts: the definition without what the server keeps (version, template, link, who changed it when). */
function editable(body: Record<string, unknown>): Record<string, unknown> {
  const { version: _version, template: _template, slug: _slug, path: _path, submissions: _count, updatedAt: _at, updatedBy: _by, problems: _problems, ...rest } = body;
  return rest;
}

/** A new form from the admin API; without a key one is made up. */
export async function createPublicForm(body: Record<string, unknown>, savedBy: string): Promise<PublicFormView> {
  const input = editable(body);
  const key = input.key === undefined ? `form-${randomBytes(4).toString('hex')}` : input.key;
  if (typeof key === 'string' && (await findPublicForm(key))) throw conflict(`a public form "${key}" exists already`);
  return savePublicForm({ enabled: true, ...input, key, version: 1 } as PublicFormDefinition, savedBy);
}

/** A new version of a form from the admin API: the whole definition, as the designer holds it. */
export async function updatePublicForm(key: string, body: Record<string, unknown>, savedBy: string): Promise<PublicFormView> {
  const current = await findPublicForm(key);
  if (!current) throw notFound();
  const input = editable(body);
  if (input.key !== undefined && input.key !== key) throw definitionInvalid(`the public form "${key}"`, ['key cannot change']);
  const template = current.template ? { template: current.template } : {};
  return savePublicForm({ ...input, key, version: current.version + 1, ...template } as PublicFormDefinition, savedBy);
}

/** A new link for a form: the old one answers 404 from now on. */
export async function regeneratePublicFormSlug(key: string, savedBy: string): Promise<PublicFormView> {
  const forms = await collection('publicForms');
  const result = await forms.updateOne({ _id: String(key) }, { $set: { slug: newSlug(), updatedAt: new Date(), updatedBy: savedBy } });
  if (result.matchedCount === 0) throw notFound();
  return getPublicForm(key);
}
