import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { findByIds } from '@/lib/db/by-ids';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { AppError } from '@/lib/errors/app-error';
import { pick } from '@/lib/i18n/locale';
import { translator, type Translate } from '@/lib/i18n/messages';
import { logger } from '@/lib/logger';
import { createRecords, updateRecord, type WriteContext } from '@/lib/records/record.service';
import { normaliseValue, prepareRecordsData, type PreparedRow, type ReferenceCache } from '@/lib/records/record.validation';
import { fieldType } from '@/lib/fields/registry';
import { plainData, recordData } from '@/lib/records/record.view';
import type { RecordDoc } from '@/lib/records/record.types';
import { actorFor } from '@/lib/permissions/actor';
import type { FieldErrors } from '@/lib/validation/ajv-messages';
import { RowConverter, type RowProblem } from '@/lib/imports/import.convert';
import { Deduper } from '@/lib/imports/import.dedupe';
import { checkedDedupe, checkedMapping } from '@/lib/imports/import.mapping';
import { requireAction } from '@/lib/permissions/guards';
import { conflictsPath, failedRowsPath, sourcePath } from '@/lib/imports/import.file-store';
import { FailedRowsFile } from '@/lib/imports/failed-rows';
import { readRows, type SourceRow } from '@/lib/imports/import.readers';
import type { ImportConflict, ImportCounts, ImportDoc, ImportPreview, ImportProblem } from '@/lib/imports/import.types';

export const IMPORT_BATCH = 500;
const MAX_PROBLEMS = 100;

/** The id of the record a row creates: the same on every attempt, so a retry never creates twice. */
export function rowRecordId(importId: string, line: number): ObjectId {
  return new ObjectId(createHash('sha256').update(`import:${importId}:${line}`).digest('hex').slice(0, 24));
}

type Outcome =
  | { kind: 'failed'; row: SourceRow; problems: RowProblem[] }
  /** A duplicate left alone: `target` is the record it matched, or the earlier row's record (with its line). */
  | { kind: 'skipped'; row: SourceRow; inFile: boolean; input: Record<string, unknown>; target: { recordId: string; line?: number } }
  | { kind: 'create'; row: SourceRow; id: ObjectId; input: Record<string, unknown>; keys: string[]; prepared: PreparedRow }
  | { kind: 'update'; row: SourceRow; targetId: string; input: Record<string, unknown>; inFile: boolean };

interface JobContext {
  doc: ImportDoc;
  def: EntityDefinition;
  write: WriteContext;
  converter: RowConverter;
  deduper: Deduper;
  refCache: ReferenceCache;
}

async function jobContext(doc: ImportDoc): Promise<JobContext> {
  const def = await getEntity(doc.entity);
  const t = translator(doc.locale);
  const user = ObjectId.isValid(doc.createdBy) ? await (await collection('users')).findOne({ _id: new ObjectId(doc.createdBy) }) : null;
  if (!user?.active) throw new AppError('forbidden', 'forbidden', 'error.forbidden');
  // The importer's rights now, not when the import was set up: a field hidden since may not be read or matched on.
  const actor = await actorFor(user, 'job');
  requireAction(actor, def.key, 'import');
  requireAction(actor, def.key, 'create');
  const mask = actor.access.fieldMask(def);
  checkedMapping(doc.mapping, doc.columns, def, mask);
  checkedDedupe(doc.dedupe, doc.dedupe, def, mask);
  return {
    doc,
    def,
    write: { actor, t },
    converter: await RowConverter.create(def, doc.columns, doc.mapping, t, doc.locale),
    // Rows match only records the importer may read; an update of one they may not change fails the row.
    deduper: await Deduper.load(def, doc.dedupe, doc._id, actor.access.filter(def.key, 'read')),
    refCache: new Map(),
  };
}

function fieldProblems(def: EntityDefinition, fields: FieldErrors, t: Translate, locale: ImportDoc['locale']): RowProblem[] {
  return Object.entries(fields).flatMap(([key, messages]) => {
    const field = def.fields.find((candidate) => candidate.key === key);
    const name = field ? pick(field.label, locale) : key;
    return messages.map((message) => ({ field: key, message: key === '_record' ? message : t('imports.row.field', { field: name, message }) }));
  });
}

/**
 * Decides what each row of a batch becomes: failed (cells that do not convert, values the
 * schema refuses), skipped or an update (it matches a stored record or an earlier row), or a
 * create (validated exactly as the record service will).
 */
async function planBatch(ctx: JobContext, rows: SourceRow[]): Promise<Outcome[]> {
  const { def, deduper, write, doc } = ctx;
  const converted = rows.map((row) => {
    const { input, problems } = ctx.converter.convert(row.cells);
    const keys = problems.length === 0 ? deduper.keysOf(input) : [];
    const existing = deduper.active && keys.length > 0 ? deduper.matchExisting(keys) : null;
    return { row, input, problems, keys, existing };
  });
  const candidates = converted.filter((row) => row.problems.length === 0 && row.existing === null);
  const prepared = await prepareRecordsData(def, candidates.map((row) => row.input), { ...write, before: null }, ctx.refCache);
  const validation = new Map(candidates.map((row, index) => [row, prepared[index]]));
  const mode = doc.dedupe.mode;
  return converted.map((row): Outcome => {
    if (row.problems.length > 0) return { kind: 'failed', row: row.row, problems: row.problems };
    if (row.existing === 'several') return { kind: 'failed', row: row.row, problems: [{ message: write.t('imports.row.matchesSeveral', { fields: deduper.fieldNames() }) }] };
    if (row.existing) {
      return mode === 'update'
        ? { kind: 'update', row: row.row, targetId: row.existing, input: row.input, inFile: false }
        : { kind: 'skipped', row: row.row, inFile: false, input: row.input, target: { recordId: row.existing } };
    }
    const id = rowRecordId(doc._id, row.row.line);
    const earlier = deduper.active ? deduper.matchInFile(row.keys, id.toHexString()) : null;
    if (earlier) {
      return mode === 'update'
        ? { kind: 'update', row: row.row, targetId: earlier.recordId, input: row.input, inFile: true }
        : { kind: 'skipped', row: row.row, inFile: true, input: row.input, target: { recordId: earlier.recordId, line: earlier.line || undefined } };
    }
    const valid = validation.get(row)!;
    if (!valid.ok) return { kind: 'failed', row: row.row, problems: fieldProblems(def, valid.fields, write.t, doc.locale) };
    if (deduper.active) deduper.remember(row.keys, row.row.line, id.toHexString(), row.input);
    return { kind: 'create', row: row.row, id, input: row.input, keys: row.keys, prepared: valid };
  });
}

type Skipped = Extract<Outcome, { kind: 'skipped' }>;

/**
 * The values of skipped rows that differ from what they matched: the stored record, or the
 * earlier row of the file that created one. A skip keeps the record as it is, so these are
 * the values the import leaves out; they are reported rather than dropped unseen.
 */
async function conflictsOf(ctx: JobContext, skipped: Skipped[]): Promise<Map<Skipped, ImportConflict[]>> {
  const { def, doc } = ctx;
  const found = new Map<Skipped, ImportConflict[]>();
  if (skipped.length === 0) return found;
  const number = def.fields.find((field) => field.type === 'autonumber')?.key;
  const ids = [...new Set(skipped.filter((outcome) => !ctx.deduper.earlierInput(outcome.target.recordId)).map((outcome) => outcome.target.recordId))];
  const stored = new Map((await findByIds(await recordCollection(def.key), ids.map((id) => new ObjectId(id)))).map((record) => [record._id.toHexString(), record]));
  const fieldCtx = { locale: doc.locale };
  for (const outcome of skipped) {
    const earlier = ctx.deduper.earlierInput(outcome.target.recordId);
    const record = stored.get(outcome.target.recordId);
    const against = earlier ?? (record ? plainData(record) : undefined);
    if (!against) continue;
    const target = outcome.target.line
      ? ctx.write.t('imports.conflict.row', { row: outcome.target.line })
      : String((number && record?.[number]) || record?.[def.displayField] || outcome.target.recordId);
    const conflicts: ImportConflict[] = [];
    for (const [key, raw] of Object.entries(outcome.input)) {
      const field = def.fields.find((candidate) => candidate.key === key);
      if (!field || fieldType(field.type).computed) continue;
      const value = normaliseValue(field, raw);
      const existing = earlier ? normaliseValue(field, against[key]) : against[key];
      if (value === undefined || isDeepStrictEqual(value, existing)) continue;
      const text = (item: unknown) => (item === undefined || item === null ? '' : fieldType(field.type).toText(item, field, fieldCtx) || String(item));
      conflicts.push({ row: outcome.row.line, field: key, value: text(value), existing: text(existing), target });
    }
    if (conflicts.length > 0) found.set(outcome, conflicts);
  }
  return found;
}

function conflictText(def: EntityDefinition, conflicts: ImportConflict[], t: Translate, locale: ImportDoc['locale']): string {
  return conflicts
    .map((conflict) => {
      const field = def.fields.find((candidate) => candidate.key === conflict.field);
      return t('imports.conflict.value', { field: field ? pick(field.label, locale) || field.key : conflict.field, value: conflict.value, existing: conflict.existing, target: conflict.target });
    })
    .join('; ');
}

async function* batches(doc: ImportDoc, skip: number): AsyncGenerator<SourceRow[]> {
  let header = true;
  let index = 0;
  let batch: SourceRow[] = [];
  for await (const row of readRows(sourcePath(doc._id, doc.format), doc.format, doc.encoding)) {
    if (header) {
      header = false;
      continue;
    }
    index += 1;
    if (index <= skip) continue;
    batch.push(row);
    if (batch.length >= IMPORT_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Data rows in the file (for the progress bar), counted by reading it once. */
async function countRows(doc: ImportDoc): Promise<number> {
  let count = -1;
  for await (const _row of readRows(sourcePath(doc._id, doc.format), doc.format, doc.encoding)) count += 1;
  return Math.max(count, 0);
}

async function saveImport(importId: string, set: Record<string, unknown>): Promise<void> {
  await (await collection('imports')).updateOne({ _id: importId }, { $set: set });
}

/** Whether an update row's values are what the record holds already (so it will write no version). */
function holdsNothingNew(def: EntityDefinition, input: Record<string, unknown>, merged: Record<string, unknown>, before: RecordDoc | undefined): boolean {
  if (!before) return false;
  return Object.keys(input).every((key) => !def.fields.some((field) => field.key === key) || isDeepStrictEqual(merged[key], before[key]));
}

/** The validate job: every row converted, de-duplicated and validated, nothing written. */
export async function validateImport(importId: string): Promise<void> {
  const doc = await (await collection('imports')).findOne({ _id: importId });
  if (!doc || doc.status !== 'validating') return;
  const ctx = await jobContext(doc);
  const preview: ImportPreview = { rows: 0, valid: 0, invalid: 0, duplicatesInFile: 0, matchesExisting: 0, unchanged: 0, conflicts: 0, problems: [], conflictSamples: [] };
  const conflictsFile = new FailedRowsFile(conflictsPath(importId), doc.columns.length, 0);
  await conflictsFile.open(doc.columns);
  const problem = (row: SourceRow, problems: RowProblem[]) => {
    for (const item of problems) if (preview.problems.length < MAX_PROBLEMS) preview.problems.push({ row: row.line, ...item });
  };
  for await (const rows of batches(doc, 0)) {
    const outcomes = await planBatch(ctx, rows);
    // Updates of stored records are validated as the merge they will be.
    const updates = outcomes.filter((outcome): outcome is Extract<Outcome, { kind: 'update' }> => outcome.kind === 'update' && !outcome.inFile);
    const stored = new Map((await findByIds(await recordCollection(doc.entity), updates.map((outcome) => new ObjectId(outcome.targetId)))).map((record) => [record._id.toHexString(), record]));
    const merged = await Promise.all(
      updates.map(async (outcome) => {
        const before = stored.get(outcome.targetId);
        if (!before) return { ok: false as const, fields: { _record: [ctx.write.t('imports.row.targetGone')] } };
        const current = recordData(before);
        const [result] = await prepareRecordsData(ctx.def, [{ ...current, ...outcome.input }], { ...ctx.write, before: current }, ctx.refCache);
        return result;
      }),
    );
    const mergedBy = new Map(updates.map((outcome, index) => [outcome, merged[index]]));
    const conflicts = await conflictsOf(ctx, outcomes.filter((outcome): outcome is Skipped => outcome.kind === 'skipped'));
    for (const outcome of outcomes) {
      preview.rows += 1;
      const conflicting = outcome.kind === 'skipped' ? conflicts.get(outcome) : undefined;
      if (conflicting) {
        preview.conflicts! += 1;
        for (const conflict of conflicting) if (preview.conflictSamples!.length < MAX_PROBLEMS) preview.conflictSamples!.push(conflict);
        conflictsFile.add(outcome.row.line, outcome.row.cells, conflictText(ctx.def, conflicting, ctx.write.t, doc.locale));
      }
      if (outcome.kind === 'skipped' || outcome.kind === 'update') {
        if (outcome.inFile) preview.duplicatesInFile += 1;
        else preview.matchesExisting += 1;
      }
      const result = outcome.kind === 'update' ? mergedBy.get(outcome) : undefined;
      if (outcome.kind === 'failed') {
        preview.invalid += 1;
        problem(outcome.row, outcome.problems);
      } else if (result && !result.ok) {
        preview.invalid += 1;
        problem(outcome.row, fieldProblems(ctx.def, result.fields, ctx.write.t, doc.locale));
      } else {
        preview.valid += 1;
        if (result?.ok && outcome.kind === 'update' && holdsNothingNew(ctx.def, outcome.input, result.data, stored.get(outcome.targetId))) preview.unchanged! += 1;
      }
    }
    await conflictsFile.flush();
    await saveImport(importId, { 'progress.processed': preview.rows });
  }
  await saveImport(importId, { status: 'validated', preview, progress: { processed: preview.rows, total: preview.rows } });
}

function problemText(problems: RowProblem[]): string {
  return problems.map((problem) => problem.message).join('; ');
}

/** Applies the updates of a batch, each through the record service, keeping what it replaced for undo. */
async function applyUpdate(ctx: JobContext, outcome: Extract<Outcome, { kind: 'update' }>): Promise<RowProblem[] | 'unchanged' | null> {
  const { doc, write } = ctx;
  const updates = await collection('importUpdates');
  const entryId = `${doc._id}:${outcome.row.line}`;
  const done = await updates.findOne({ _id: entryId });
  if (done?.afterVersion !== undefined) return null; // an earlier attempt applied it
  const records = await recordCollection(doc.entity);
  const before = ObjectId.isValid(outcome.targetId) ? await records.findOne({ _id: new ObjectId(outcome.targetId) }) : null;
  if (!before || before._deletedAt) return [{ message: write.t('imports.row.targetGone') }];
  // A record this import created is removed by undo anyway: nothing to keep.
  const keep = before._importId !== doc._id;
  if (keep && !done) {
    try {
      await updates.insertOne({ _id: entryId, importId: doc._id, entity: doc.entity, recordId: outcome.targetId, before: recordData(before), beforeVersion: before._version });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  try {
    const after = await updateRecord(doc.entity, outcome.targetId, outcome.input, write, 'merge', undefined, { triggerWorkflows: doc.triggerWorkflows });
    if (after.version === before._version) {
      // Nothing new: no version was written, and undo has nothing to put back.
      if (keep && !done) await updates.deleteOne({ _id: entryId });
      return 'unchanged';
    }
    if (keep) await updates.updateOne({ _id: entryId }, { $set: { afterVersion: after.version } });
    return null;
  } catch (error) {
    if (keep && !done) await updates.deleteOne({ _id: entryId });
    if (!(error instanceof AppError)) throw error;
    if (error.fields) return fieldProblems(ctx.def, error.fields, write.t, doc.locale);
    if (error.code === 'forbidden') return [{ message: write.t('imports.row.notAllowed') }];
    if (error.code === 'not_found') return [{ message: write.t('imports.row.targetGone') }];
    return [{ message: write.t('imports.row.writeFailed', { detail: write.t(error.messageKey, error.params) }) }];
  }
}

/**
 * The run job: the file read in batches; each batch planned, its creates written in one
 * batch through the record service, its updates one by one; failed rows appended to the
 * failed-rows file; counts and progress saved after every batch. A retried job resumes after
 * the last saved batch, and re-creating a row of an unsaved batch finds the record it wrote.
 */
export async function runImport(importId: string): Promise<void> {
  const doc = await (await collection('imports')).findOne({ _id: importId });
  if (!doc || doc.status !== 'running') return;
  const ctx = await jobContext(doc);
  const counts: ImportCounts = { ...doc.counts };
  let processed = doc.progress.processed;
  const total = doc.progress.total ?? (doc.format === 'csv' ? await countRows(doc) : null);
  if (total !== doc.progress.total) await saveImport(importId, { 'progress.total': total });
  const failedFile = new FailedRowsFile(failedRowsPath(importId), doc.columns.length, doc.failedBytes);
  await failedFile.open(doc.columns);
  const conflictsFile = new FailedRowsFile(conflictsPath(importId), doc.columns.length, doc.conflictBytes ?? 0);
  await conflictsFile.open(doc.columns);
  counts.unchanged ??= 0;
  counts.conflicts ??= 0;
  // Where the time goes, logged at the end: waiting for the plan, creating, updating, saving.
  const ms = { plan: 0, create: 0, update: 0, save: 0 };
  let clock = Date.now();
  const lap = (phase: keyof typeof ms) => {
    const now = Date.now();
    ms[phase] += now - clock;
    clock = now;
  };
  // The next batch is read and planned (CPU) while this one is written (database).
  const source = batches(doc, processed)[Symbol.asyncIterator]();
  const planNext = () => {
    const plan = (async () => {
      const next = await source.next();
      return next.done ? null : planBatch(ctx, next.value);
    })();
    plan.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
    return plan;
  };
  let planned = planNext();
  try {
    for (;;) {
      const outcomes = await planned;
      lap('plan');
      if (!outcomes) break;
      planned = planNext();
      const creates = outcomes.filter((outcome): outcome is Extract<Outcome, { kind: 'create' }> => outcome.kind === 'create');
      const items = creates.map((outcome) => ({ id: outcome.id, input: outcome.input }));
      const prepared = creates.map((outcome) => outcome.prepared);
      const options = { importId, triggerWorkflows: doc.triggerWorkflows, refCache: ctx.refCache, prepared };
      const results = creates.length > 0 ? await createRecords(doc.entity, items, ctx.write, options) : [];
      const failures = new Map<Outcome, RowProblem[]>();
      creates.forEach((outcome, index) => {
        const result = results[index];
        if (result.status !== 'failed') return;
        failures.set(outcome, fieldProblems(ctx.def, result.fields, ctx.write.t, doc.locale));
        ctx.deduper.forget(outcome.keys, outcome.id.toHexString());
      });
      lap('create');
      const unchanged = new Set<Outcome>();
      for (const outcome of outcomes) {
        if (outcome.kind !== 'update') continue;
        const result = await applyUpdate(ctx, outcome);
        if (result === 'unchanged') unchanged.add(outcome);
        else if (result) failures.set(outcome, result);
      }
      lap('update');
      const conflicts = await conflictsOf(ctx, outcomes.filter((outcome): outcome is Skipped => outcome.kind === 'skipped'));
      // Each row lands in exactly one count.
      for (const outcome of outcomes) {
        const problems = outcome.kind === 'failed' ? outcome.problems : failures.get(outcome);
        if (problems) {
          counts.failed += 1;
          failedFile.add(outcome.row.line, outcome.row.cells, problemText(problems));
        } else if (outcome.kind === 'create') counts.created += 1;
        else if (unchanged.has(outcome)) counts.unchanged! += 1;
        else if (outcome.kind === 'update') counts.updated += 1;
        else {
          counts.skipped += 1;
          const conflicting = conflicts.get(outcome as Skipped);
          if (conflicting) {
            counts.conflicts! += 1;
            conflictsFile.add(outcome.row.line, outcome.row.cells, conflictText(ctx.def, conflicting, ctx.write.t, doc.locale));
          }
        }
      }
      processed += outcomes.length;
      const failedBytes = await failedFile.flush();
      const conflictBytes = await conflictsFile.flush();
      await saveImport(importId, { counts, 'progress.processed': processed, failedBytes, conflictBytes });
      lap('save');
    }
  } finally {
    await planned.catch(() => undefined);
    await source.return?.(undefined);
  }
  await saveImport(importId, { status: 'done', counts, progress: { processed, total: processed }, finishedAt: new Date() });
  logger.info({ importId, entity: doc.entity, counts, ms }, 'import done');
}

export type { ImportProblem };
