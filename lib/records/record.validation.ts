import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { findByIds } from '@/lib/db/by-ids';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { recordSchema, visibleFieldKeys } from '@/lib/entities/entity.schema';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import { moneyScale } from '@/lib/fields/types/money';
import type { Translate } from '@/lib/i18n/messages';
import { optionLabel } from '@/lib/fields/options';
import { pick } from '@/lib/i18n/locale';
import type { Actor } from '@/lib/users/user.types';
import { isAutomation, isPerson } from '@/lib/permissions/actor';
import { activeUserIds } from '@/lib/users/user.service';
import { fieldErrorsFromAjv, type FieldErrors } from '@/lib/validation/ajv-messages';
import { validatorFor } from '@/lib/validation/schema-validator';
import { computeFormulas, FormulaFailed } from '@/lib/records/record.compute';

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A field's stored form of what a client sent; empty values mean "no value". */
export function normaliseValue(field: FieldDefinition, raw: unknown): unknown {
  const value = typeof raw === 'string' ? raw.trim() : raw;
  if (isEmpty(value)) return undefined;
  const normalised = fieldType(field.type).normalise?.(value, field) ?? value;
  return isEmpty(normalised) ? undefined : normalised;
}

function defaultValue(field: FieldDefinition, actor: Actor, now: Date): unknown {
  if (field.default === '$today') return now.toISOString().slice(0, 10);
  if (field.default === '$now') return now.toISOString();
  if (field.default === '$me') return isPerson(actor) ? actor.id : undefined;
  return field.default;
}

export interface PrepareContext {
  actor: Actor;
  t: Translate;
  /** The stored values, when updating. */
  before: Record<string, unknown> | null;
  /** The entity action whose workflow makes this write to this very record, if one does: it may set the values only it may set. */
  actingAction?: string;
}

/**
 * Turns client input into the values to store: each type normalises its value, read-only
 * fields keep theirs (only automations set them), hidden fields keep theirs when not sent,
 * fields the actor's field mask hides or makes read-only keep theirs whatever is sent (lib/permissions), defaults fill a new
 * record, and a field hidden by its visibility rule holds nothing.
 */
function collectValues(def: EntityDefinition, input: Record<string, unknown>, { actor, before }: PrepareContext): Record<string, unknown> {
  const byKey = new Map(def.fields.map((field) => [field.key, field]));
  const automation = isAutomation(actor);
  const { readOnly } = actor.access.fieldMask(def);
  const unseen = (field: FieldDefinition) => readOnly.has(field.key);
  const data: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(input)) {
    const field = byKey.get(key);
    if (!field) {
      // Refused by the schema, with the field named; defined, not assigned, so "__proto__" stays a plain key.
      if (!isEmpty(raw)) Object.defineProperty(data, key, { value: raw, enumerable: true, writable: true, configurable: true });
      continue;
    }
    if (fieldType(field.type).computed || (field.readOnly && !automation) || unseen(field)) continue;
    const value = normaliseValue(field, raw);
    if (value !== undefined) data[key] = value;
  }
  const now = new Date();
  for (const field of def.fields) {
    if (fieldType(field.type).computed || field.key in data) continue;
    const keep = (field.readOnly && !automation) || (field.hidden && !(field.key in input)) || unseen(field);
    if (before && keep && before[field.key] !== undefined) data[field.key] = before[field.key];
    if (!before && field.default !== undefined && (!(field.key in input) || unseen(field))) {
      const value = normaliseValue(field, defaultValue(field, actor, now));
      if (value !== undefined) data[field.key] = value;
    }
  }
  const visible = visibleFieldKeys(def, data);
  for (const field of def.fields) if (!visible.has(field.key)) delete data[field.key];
  return data;
}

function schemaErrors(def: EntityDefinition, data: Record<string, unknown>, t: Translate): FieldErrors | null {
  const visible = visibleFieldKeys(def, data);
  const hiddenByRule = def.fields.filter((field) => !visible.has(field.key)).map((field) => field.key);
  const validate = validatorFor(`${def.key}@${def.version}/${hiddenByRule.join(',')}`, () => recordSchema(def, visible));
  if (validate(data)) return null;
  const errors = fieldErrorsFromAjv(validate.errors ?? [], t);
  // An amount that did not convert to minor units is a wrong amount, not a wrong JSON type.
  for (const field of def.fields) {
    if (field.type === 'money' && errors[field.key] && typeof data[field.key] === 'string') {
      errors[field.key] = [t('validation.money', { decimals: moneyScale(field) })];
    }
  }
  return errors;
}

/** Ids a value holds for a relation or user field (or sub-table column). */
function idsOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((id): id is string => typeof id === 'string' && ObjectId.isValid(id));
}

/**
 * Which referenced ids exist, remembered across calls that share it (a batch, an import):
 * key "kind:target:id" → exists.
 */
export type ReferenceCache = Map<string, boolean>;

interface RefCheck {
  row: number;
  errorField: string;
  kind: 'relation' | 'user' | 'attachment';
  target: string;
  ids: string[];
}

function refChecksOf(def: EntityDefinition, data: Record<string, unknown>, row: number): RefCheck[] {
  const checks: RefCheck[] = [];
  const check = (errorField: string, field: FieldDefinition, value: unknown) => {
    // Sub-table rows may name the same record twice (two lines of one product): each id is looked up once.
    const ids = [...new Set(idsOf(value))];
    if (ids.length === 0) return;
    if (field.type === 'relation' && field.relation) checks.push({ row, errorField, kind: 'relation', target: field.relation.entity, ids });
    else if (field.type === 'user') checks.push({ row, errorField, kind: 'user', target: '', ids });
    else if (field.type === 'attachment') checks.push({ row, errorField, kind: 'attachment', target: '', ids });
  };
  for (const field of def.fields) {
    const value = data[field.key];
    if (field.type === 'attachment' && Array.isArray(value)) check(field.key, field, value.map((file: { id?: unknown }) => file?.id));
    else check(field.key, field, value);
    if (field.type === 'subtable' && Array.isArray(value)) {
      for (const column of field.fields ?? []) check(field.key, column, value.flatMap((row: Record<string, unknown>) => idsOf(row?.[column.key])));
    }
  }
  return checks;
}

/**
 * Looks up the ids the cache does not know yet: one query per target collection (an `$in` of
 * its ids) for the whole batch, never one per row; active users come from the user service's
 * short-lived cache, so a create that names only its author or colleagues asks nothing.
 */
async function resolveExisting(checks: RefCheck[], cache: ReferenceCache): Promise<void> {
  const wanted = new Map<string, { kind: RefCheck['kind']; target: string; ids: Set<string> }>();
  for (const check of checks) {
    const group = `${check.kind}:${check.target}`;
    if (!wanted.has(group)) wanted.set(group, { kind: check.kind, target: check.target, ids: new Set() });
    for (const id of check.ids) if (!cache.has(`${group}:${id}`)) wanted.get(group)!.ids.add(id);
  }
  await Promise.all(
    [...wanted.values()].map(async ({ kind, target, ids }) => {
      if (ids.size === 0) return;
      const objectIds = [...ids].map((id) => new ObjectId(id));
      let found: { _id: ObjectId; _deletedAt?: unknown; active?: unknown }[] = [];
      if (kind === 'relation') found = (await findByIds(await recordCollection(target), objectIds, { _deletedAt: 1 })).filter((doc) => !doc._deletedAt);
      else if (kind === 'user') found = [...(await activeUserIds([...ids]))].map((id) => ({ _id: new ObjectId(id) }));
      else found = await findByIds(await collection('attachments'), objectIds, { _id: 1 });
      const present = new Set(found.map((doc) => doc._id.toHexString()));
      for (const id of ids) cache.set(`${kind}:${target}:${id}`, present.has(id));
    }),
  );
}

function refMessage(kind: RefCheck['kind'], t: Translate): string {
  if (kind === 'user') return t('validation.userUnknown');
  if (kind === 'attachment') return t('validation.attachmentUnknown');
  return t('validation.format.record-id');
}

/**
 * A select with transitions changes only along them: from the stored value A to B when B is
 * listed under A (A without an entry is final). Clearing the value is a change too. A stored
 * value that is no longer an option may change to anything.
 */
function transitionErrors(def: EntityDefinition, data: Record<string, unknown>, before: Record<string, unknown> | null, t: Translate): FieldErrors | null {
  if (!before) return null;
  const errors: FieldErrors = {};
  const locale = t.locale ?? 'en';
  const shown = visibleFieldKeys(def, data);
  for (const field of def.fields) {
    if (field.type !== 'select' || !field.transitions) continue;
    const from = before[field.key];
    const to = data[field.key];
    if (typeof from !== 'string' || from === to || !field.options?.some((option) => option.value === from)) continue;
    if (to === undefined && !shown.has(field.key)) continue; // hidden by its visibility rule, not cleared by someone
    if (typeof to === 'string' && (field.transitions[from] ?? []).includes(to)) continue;
    const label = (value: unknown) => (typeof value === 'string' ? optionLabel(field, value, locale) : '—');
    errors[field.key] = [t('validation.transition', { from: label(from), to: label(to) })];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/**
 * A value only an action may set (SelectOption.onlyByAction: a lead's "converted") is refused
 * when anything else sets it: an edit, the kanban, a bulk edit, an import, another automation.
 * A record that holds it already keeps it.
 */
function actionOnlyErrors(def: EntityDefinition, data: Record<string, unknown>, before: Record<string, unknown> | null, viaAction: string | undefined, t: Translate): FieldErrors | null {
  const errors: FieldErrors = {};
  const locale = t.locale ?? 'en';
  for (const field of def.fields) {
    const to = data[field.key];
    if (field.type !== 'select' || typeof to !== 'string' || before?.[field.key] === to) continue;
    const option = field.options?.find((candidate) => candidate.value === to);
    if (!option?.onlyByAction || option.onlyByAction === viaAction) continue;
    const action = def.actions?.find((candidate) => candidate.key === option.onlyByAction);
    errors[field.key] = [t('rules.onlyByAction', { field: pick(field.label, locale) || field.key, value: optionLabel(field, to, locale), action: action ? pick(action.label, locale) || action.key : option.onlyByAction })];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** Errors about fields the actor may not change are not theirs to fix: those values were kept as stored. */
function withoutUnseen(def: EntityDefinition, errors: FieldErrors | null, actor: Actor): FieldErrors | null {
  if (!errors) return null;
  const hidden = actor.access.fieldMask(def).readOnly;
  if (hidden.size === 0) return errors;
  const left = Object.fromEntries(Object.entries(errors).filter(([key]) => !hidden.has(key)));
  return Object.keys(left).length > 0 ? left : null;
}

export class InvalidRecord extends Error {
  constructor(readonly fields: FieldErrors) {
    super('the record is not valid');
  }
}

export type PreparedRow = { ok: true; data: Record<string, unknown> } | { ok: false; fields: FieldErrors };

/**
 * Everything a write must pass before it is stored, for many inputs at once: normalised
 * values, the entity's compiled JSON Schema (the same the form uses), references that exist
 * (one lookup per distinct id for the whole batch, remembered in the cache), then the
 * formulas computed. Each input gets its own outcome.
 */
export async function prepareRecordsData(
  def: EntityDefinition,
  inputs: Record<string, unknown>[],
  ctx: PrepareContext,
  cache: ReferenceCache = new Map(),
): Promise<PreparedRow[]> {
  const rows: { data: Record<string, unknown>; errors: FieldErrors | null }[] = inputs.map((input) => {
    const data = collectValues(def, input, ctx);
    const moves = [actionOnlyErrors(def, data, ctx.before, ctx.actingAction, ctx.t), transitionErrors(def, data, ctx.before, ctx.t)].filter((errors): errors is FieldErrors => errors !== null);
    const transitions = moves.length > 0 ? Object.assign({}, ...moves) : null;
    const schema = withoutUnseen(def, schemaErrors(def, data, ctx.t), ctx.actor);
    return { data, errors: transitions || schema ? { ...schema, ...transitions } : null };
  });
  const checks = rows.flatMap((row, index) => (row.errors ? [] : refChecksOf(def, row.data, index)));
  await resolveExisting(checks, cache);
  const referenceErrors = new Map<number, FieldErrors>();
  for (const check of checks) {
    if (check.ids.every((id) => cache.get(`${check.kind}:${check.target}:${id}`))) continue;
    const errors = referenceErrors.get(check.row) ?? {};
    referenceErrors.set(check.row, errors);
    const messages = (errors[check.errorField] ??= []);
    const message = refMessage(check.kind, ctx.t);
    if (!messages.includes(message)) messages.push(message);
  }
  for (const [index, errors] of referenceErrors) rows[index].errors = withoutUnseen(def, errors, ctx.actor);
  return rows.map(({ data, errors }) => {
    if (errors) return { ok: false, fields: errors };
    // A rollup keeps its stored value (the worker recomputes it), so formulas can read it.
    for (const field of def.fields) if (field.type === 'rollup' && ctx.before?.[field.key] !== undefined) data[field.key] = ctx.before[field.key];
    try {
      computeFormulas(def, data);
    } catch (error) {
      if (error instanceof FormulaFailed) return { ok: false, fields: { [error.field]: [ctx.t('validation.formula', { detail: error.message })] } };
      throw error;
    }
    return { ok: true, data };
  });
}

/** prepareRecordsData for one input: its values, or InvalidRecord with the field errors. */
export async function prepareRecordData(def: EntityDefinition, input: Record<string, unknown>, ctx: PrepareContext): Promise<Record<string, unknown>> {
  const [row] = await prepareRecordsData(def, [input], ctx);
  if (!row.ok) throw new InvalidRecord(row.fields);
  return row.data;
}

/** Validation problems of a stored record against the current definition (for the admin's list). */
export function storedRecordErrors(def: EntityDefinition, data: Record<string, unknown>, t: Translate): FieldErrors | null {
  const input = Object.fromEntries(def.fields.filter((field) => !fieldType(field.type).computed && field.key in data).map((field) => [field.key, data[field.key]]));
  return schemaErrors(def, input, t);
}
