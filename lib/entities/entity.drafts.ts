import { isDeepStrictEqual } from 'node:util';
import { collection, recordCollection } from '@/lib/db/collections';
import { badRequest, definitionInvalid, notFound } from '@/lib/errors/app-error';
import { definitionProblems } from '@/lib/entities/definition-problems';
import { findEntity, relationProblems, saveEntity } from '@/lib/entities/entity.service';
import { ruleReferenceProblems } from '@/lib/rules/registry';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import { validatorFor } from '@/lib/validation/schema-validator';
import type { Actor } from '@/lib/users/user.types';
import { claimExistingUniqueValues } from '@/lib/records/unique-values';
import { moneyScale } from '@/lib/fields/types/money';

export interface FieldChange {
  field: string;
  change: 'added' | 'removed' | 'retyped' | 'relabelled' | 'settings';
  /** Records holding a value of the field (removed/retyped) or whose value the new settings refuse. */
  records: number;
}

export interface Impact {
  changes: FieldChange[];
  needsConfirmation: boolean;
}

export async function getDraft(key: string) {
  const published = await findEntity(key);
  const stored = await (await collection('entityDrafts')).findOne({ _id: key });
  const draft = stored ? (({ _id, savedAt, savedBy, ...definition }) => definition)(stored) : null;
  return { draft, published, problems: draft ? definitionProblems(draft) : [] };
}

export async function listDrafts(): Promise<{ draft: EntityDefinition; savedAt: string; problems: string[] }[]> {
  const docs = await (await collection('entityDrafts')).find({}).toArray();
  return docs.map(({ _id, savedAt, savedBy: _savedBy, ...draft }) => ({ draft, savedAt: savedAt.toISOString(), problems: definitionProblems(draft) }));
}

/** A draft may be unfinished: it is kept as it is and its problems are reported, not refused. */
export async function saveDraft(key: string, input: EntityDefinition, actor: Actor) {
  if (input.key !== key) throw badRequest(`the definition's key "${String(input.key)}" is not "${key}"`);
  const published = await findEntity(key);
  const draft: EntityDefinition = { ...input, version: published?.version ?? 0 };
  await (await collection('entityDrafts')).replaceOne({ _id: key }, { ...draft, savedAt: new Date(), savedBy: actor.id }, { upsert: true });
  return { draft, problems: definitionProblems(draft) };
}

export async function discardDraft(key: string): Promise<void> {
  await (await collection('entityDrafts')).deleteOne({ _id: key });
}

function withoutLabels(field: FieldDefinition) {
  const { label: _label, help: _help, ...rest } = field;
  return rest;
}

/** Records whose stored value of `field` the new definition of it refuses. */
async function refusedValues(entity: string, field: FieldDefinition): Promise<number> {
  const validate = validatorFor(`impact:${entity}:${JSON.stringify(field)}`, () => fieldType(field.type).schema(field));
  const docs = await (await recordCollection(entity)).find({ [field.key]: { $exists: true } }, { projection: { [field.key]: 1 } }).toArray();
  return docs.filter((doc) => !validate(doc[field.key])).length;
}

async function countWithValue(entity: string, key: string): Promise<number> {
  return (await recordCollection(entity)).countDocuments({ [key]: { $exists: true } });
}

/** What publishing the draft would do to the records already stored. */
export async function impactOf(published: EntityDefinition | null, draft: EntityDefinition): Promise<Impact> {
  const changes: FieldChange[] = [];
  const before = new Map((published?.fields ?? []).map((field) => [field.key, field]));
  const after = new Map(draft.fields.map((field) => [field.key, field]));
  for (const [key, field] of after) {
    const old = before.get(key);
    if (!old) changes.push({ field: key, change: 'added', records: 0 });
    else if (old.type !== field.type) changes.push({ field: key, change: 'retyped', records: published ? await countWithValue(draft.key, key) : 0 });
    else if (!isDeepStrictEqual(withoutLabels(old), withoutLabels(field))) {
      const computed = fieldType(field.type).computed;
      changes.push({ field: key, change: 'settings', records: published && !computed ? await refusedValues(draft.key, field) : 0 });
    } else if (!isDeepStrictEqual(old, field)) changes.push({ field: key, change: 'relabelled', records: 0 });
  }
  for (const key of before.keys()) {
    if (!after.has(key)) changes.push({ field: key, change: 'removed', records: await countWithValue(draft.key, key) });
  }
  return { changes, needsConfirmation: changes.some((change) => change.change !== 'added' && change.change !== 'relabelled' && change.records > 0) };
}

export async function draftImpact(key: string): Promise<Impact> {
  const { draft, published } = await getDraft(key);
  if (!draft) throw notFound();
  const problems = definitionProblems(draft);
  if (problems.length > 0) throw definitionInvalid(`entity ${key}`, problems);
  return impactOf(published, draft);
}

/**
 * Money is stored as integers of 10^-scale units, so a field's scale cannot change while
 * records hold amounts of it: the same integer would then mean another amount. (A new field
 * with the scale wanted, filled by an import or a workflow, moves the values on.)
 */
async function scaleProblems(published: EntityDefinition | null, draft: EntityDefinition): Promise<string[]> {
  if (!published) return [];
  const problems: string[] = [];
  const before = new Map(published.fields.flatMap((field) => [[field.key, field], ...(field.fields ?? []).map((column) => [`${field.key}.${column.key}`, column])] as [string, FieldDefinition][]));
  for (const field of draft.fields) {
    for (const [path, candidate] of [[field.key, field], ...(field.fields ?? []).map((column) => [`${field.key}.${column.key}`, column])] as [string, FieldDefinition][]) {
      const old = before.get(path);
      if (candidate.type !== 'money' || old?.type !== 'money' || moneyScale(old) === moneyScale(candidate)) continue;
      const holding = await countWithValue(draft.key, path);
      if (holding > 0) problems.push(`${path}: its decimal places cannot change from ${moneyScale(old)} to ${moneyScale(candidate)} while ${holding} records hold amounts of it`);
    }
  }
  return problems;
}

/**
 * Publishes the draft as the next version. Stored values are never touched: a removed or
 * retyped field's values stay in the records (shown apart as retired), so the admin only has
 * to confirm when records are affected.
 */
export async function publishDraft(key: string, confirm: boolean, actor: Actor) {
  const { draft, published } = await getDraft(key);
  if (!draft) throw notFound();
  // The checks against what is stored read the fields, so they follow once the shape is sound.
  const problems = definitionProblems(draft);
  if (problems.length === 0) problems.push(...(await relationProblems(draft)), ...(await ruleReferenceProblems(draft, findEntity)), ...(await scaleProblems(published, draft)));
  if (problems.length > 0) throw definitionInvalid(`entity ${key}`, problems);
  const impact = await impactOf(published, draft);
  if (impact.needsConfirmation && !confirm) return { published: false as const, impact };
  const definition: EntityDefinition = { ...draft, version: (published?.version ?? 0) + 1 };
  const newlyUnique = definition.fields.filter((field) => field.unique && !published?.fields.find((old) => old.key === field.key)?.unique);
  for (const field of newlyUnique) await claimExistingUniqueValues(definition.key, field);
  await saveEntity(definition, actor.id);
  await discardDraft(key);
  return { published: true as const, definition, impact };
}
