import { rename, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { ObjectId } from 'mongodb';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { config } from '@/lib/config';
import { csvLine, formulaSafeRead } from '@/lib/exports/csv-text';
import { collection } from '@/lib/db/collections';
import { getEntity } from '@/lib/entities/entity.service';
import { requireAction } from '@/lib/permissions/guards';
import { AppError, forbidden, notFound } from '@/lib/errors/app-error';
import type { Locale } from '@/lib/i18n/locale';
import type { Actor } from '@/lib/users/user.types';
import { detectEncoding, detectFormat } from '@/lib/imports/import.encoding';
import { conflictsPath, ensureImportDir, failedRowsPath, removeImportDir, sourcePath, uploadPath } from '@/lib/imports/import.file-store';
import { autoMapping, checkedDedupe, checkedMapping, defaultDedupe, importableFieldList } from '@/lib/imports/import.mapping';
import { enqueueImportJob } from '@/lib/imports/import.queue';
import { readHead } from '@/lib/imports/import.readers';
import { checkXlsxLimits } from '@/lib/imports/xlsx-limits';
import type { ImportDoc, ImportStatus, ImportView } from '@/lib/imports/import.types';
import { saveMultipartFile, UploadError } from '@/lib/http/multipart';

const bad = (key: ConstructorParameters<typeof AppError>[2], params: Record<string, string | number> = {}) => new AppError('invalid', 'bad_request', key, params);

/** The import as the HTTP API shows it. */
export async function importView(doc: ImportDoc, viewer: Actor): Promise<ImportView> {
  const def = await getEntity(doc.entity);
  return {
    id: doc._id,
    entity: doc.entity,
    fileName: doc.fileName,
    format: doc.format,
    encoding: doc.encoding,
    size: doc.size,
    columns: doc.columns,
    sample: doc.sample.map((row) => row.cells),
    mapping: doc.mapping,
    dedupe: doc.dedupe,
    triggerWorkflows: doc.triggerWorkflows,
    status: doc.status,
    fields: importableFieldList(def, viewer.access.fieldMask(def)),
    progress: doc.progress,
    counts: doc.counts,
    ...(doc.preview ? { preview: doc.preview } : {}),
    ...(doc.error ? { error: doc.error } : {}),
    ...(doc.undo ? { undo: doc.undo } : {}),
    createdBy: doc.createdBy,
    createdAt: doc.createdAt.toISOString(),
    finishedAt: doc.finishedAt?.toISOString() ?? null,
    undoneAt: doc.undoneAt?.toISOString() ?? null,
  };
}

/** Importing needs the right to import into the entity and to create its records (lib/permissions). */
export async function createImport(entity: string, req: Request, actor: Actor, locale: Locale): Promise<ImportDoc> {
  const def = await getEntity(entity);
  requireAction(actor, entity, 'import');
  requireAction(actor, entity, 'create');
  const _id = new ObjectId().toHexString();
  await ensureImportDir(_id);
  try {
    let upload;
    try {
      upload = await saveMultipartFile(req, uploadPath(_id), config.importMaxBytes);
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      if (error.reason === 'tooLarge') throw new AppError('too_large', 'too_large', 'imports.error.tooLarge', { mb: Math.round(config.importMaxBytes / 1024 / 1024) });
      throw bad('imports.error.fileMissing');
    }
    const format = detectFormat(upload.fileName, upload.head);
    if (!format) throw bad('imports.error.format');
    await rename(uploadPath(_id), sourcePath(_id, format));
    // A spreadsheet is checked whole before any reader sees it (lib/imports/xlsx-limits.ts).
    if (format === 'xlsx') await checkXlsxLimits(sourcePath(_id, format));
    const encoding = format === 'csv' ? await detectEncoding(sourcePath(_id, format)) : 'utf-8';
    let head;
    try {
      head = await readHead(sourcePath(_id, format), format, encoding);
    } catch (error) {
      // A reader's own words about a broken spreadsheet mean nothing to people; a CSV parser's do.
      if (format === 'xlsx') throw new AppError('invalid', 'bad_request', 'xlsx.unreadable');
      throw bad('imports.error.unreadable', { detail: (error as Error).message });
    }
    if (head.columns.length === 0 || head.columns.every((column) => !column)) throw bad('imports.error.noHeader');
    const doc: ImportDoc = {
      _id,
      entity,
      fileName: upload.fileName,
      format,
      encoding,
      size: upload.size,
      columns: head.columns,
      sample: head.sample.map((cells) => ({ cells })),
      mapping: autoMapping(head.columns, def, actor.access.fieldMask(def)),
      dedupe: defaultDedupe(def, actor.access.fieldMask(def)),
      triggerWorkflows: false,
      status: 'uploaded',
      progress: { processed: 0, total: null },
      counts: { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 },
      locale,
      createdBy: actor.id,
      createdAt: new Date(),
      failedBytes: 0,
    };
    await (await collection('imports')).insertOne(doc);
    return doc;
  } catch (error) {
    await removeImportDir(_id);
    throw error;
  }
}

/** Everyone sees the imports they made; who may import and change every record of the entity also sees the others'. */
function seesAllImports(actor: Actor, entity: string): boolean {
  return actor.access.can(entity, 'import') && actor.access.scope(entity, 'update').all;
}

export async function findImport(id: string, actor: Actor): Promise<ImportDoc> {
  const doc = ObjectId.isValid(id) ? await (await collection('imports')).findOne({ _id: id }) : null;
  if (!doc) throw notFound();
  if (doc.createdBy !== actor.id && !seesAllImports(actor, doc.entity)) throw notFound();
  return doc;
}

export async function listImports(entity: string, actor: Actor): Promise<ImportDoc[]> {
  await getEntity(entity);
  requireAction(actor, entity, 'import');
  const filter = seesAllImports(actor, entity) ? { entity } : { entity, createdBy: actor.id };
  return (await collection('imports')).find(filter).sort({ createdAt: -1 }).limit(200).toArray();
}

const EDITABLE: ImportStatus[] = ['uploaded', 'validated', 'failed'];

/** Mapping, de-duplication and workflow settings, only before the import runs. */
export async function patchImport(doc: ImportDoc, body: Record<string, unknown>, actor: Actor): Promise<ImportDoc> {
  if (!EDITABLE.includes(doc.status) || doc.startedAt) throw new AppError('conflict', 'conflict', 'imports.error.notEditable', { status: doc.status });
  // Only its importer shapes an import: the rows are read, matched and written as them.
  if (doc.createdBy !== actor.id) throw forbidden();
  const def = await getEntity(doc.entity);
  const mask = actor.access.fieldMask(def);
  const set: Partial<ImportDoc> = {};
  if (body.mapping !== undefined) set.mapping = checkedMapping(body.mapping, doc.columns, def, mask);
  if (body.dedupe !== undefined) set.dedupe = checkedDedupe(body.dedupe, doc.dedupe, def, mask);
  if (body.triggerWorkflows !== undefined) set.triggerWorkflows = body.triggerWorkflows === true;
  // A new mapping or rule makes the old preview stale.
  const stale = set.mapping !== undefined || set.dedupe !== undefined;
  const update = stale ? { $set: { ...set, status: 'uploaded' as const }, $unset: { preview: '' as const, error: '' as const } } : { $set: set };
  const updated = await (await collection('imports')).findOneAndUpdate({ _id: doc._id, status: doc.status }, update, { returnDocument: 'after' });
  if (!updated) throw new AppError('conflict', 'conflict', 'imports.error.notEditable', { status: doc.status });
  return updated;
}

/** Moves the import from one of the given states to the next, atomically; a 409 otherwise. */
async function transition(doc: ImportDoc, from: ImportStatus[], to: ImportStatus, messageKey: 'imports.error.notRunnable' | 'imports.error.notUndoable', extra: Partial<ImportDoc> = {}): Promise<ImportDoc> {
  if (!from.includes(doc.status)) throw new AppError('conflict', 'conflict', messageKey, { status: doc.status });
  const updated = await (await collection('imports')).findOneAndUpdate({ _id: doc._id, status: doc.status }, { $set: { status: to, ...extra }, $unset: { error: '' } }, { returnDocument: 'after' });
  if (!updated) throw new AppError('conflict', 'conflict', messageKey, { status: doc.status });
  return updated;
}

function assertMapped(doc: ImportDoc): void {
  if (!doc.mapping.some(Boolean)) throw bad('imports.error.nothingMapped');
}

export async function startValidation(doc: ImportDoc, actor: Actor): Promise<ImportDoc> {
  if (doc.createdBy !== actor.id) throw forbidden();
  assertMapped(doc);
  const updated = await transition(doc, ['uploaded', 'validated', 'failed'], 'validating', 'imports.error.notRunnable', { progress: { processed: 0, total: doc.preview?.rows ?? null } });
  await enqueueImportJob('validate-import', doc._id, String(Date.now()));
  return updated;
}

export async function startRun(doc: ImportDoc, actor: Actor): Promise<ImportDoc> {
  if (doc.createdBy !== actor.id) throw forbidden();
  assertMapped(doc);
  if (doc.startedAt) throw new AppError('conflict', 'conflict', 'imports.error.notRunnable', { status: doc.status });
  const total = doc.status === 'validated' ? (doc.preview?.rows ?? null) : null;
  const updated = await transition(doc, ['uploaded', 'validated'], 'running', 'imports.error.notRunnable', { startedAt: new Date(), progress: { processed: 0, total } });
  await enqueueImportJob('run-import', doc._id);
  return updated;
}

/** Undone by the importer or an admin. */
export async function startUndo(doc: ImportDoc, actor: Actor): Promise<ImportDoc> {
  if (!actor.access.admin && doc.createdBy !== actor.id) throw forbidden();
  const updated = await transition(doc, ['done'], 'undoing', 'imports.error.notUndoable', { undoneBy: actor.id });
  await enqueueImportJob('undo-import', doc._id);
  return updated;
}

/** The failed rows: CSV with a byte order mark (Excel reads UTF-8 then), or XLSX; both streamed. */
export async function failedRowsResponse(doc: ImportDoc, format: 'csv' | 'xlsx', which: 'failed-rows' | 'conflicts' = 'failed-rows'): Promise<Response> {
  const path = which === 'conflicts' ? conflictsPath(doc._id) : failedRowsPath(doc._id);
  const exists = await stat(path).then(() => true, () => false);
  const base = doc.fileName.replace(/\.[^.]+$/, '') || 'import';
  const name = `${base}-${which}.${format}`;
  const disposition = `attachment; filename="${which}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`;
  if (format === 'csv') {
    const header = Buffer.from([0xef, 0xbb, 0xbf]);
    const body = exists
      ? Readable.toWeb(Readable.from((async function* () {
          yield header;
          for await (const chunk of createReadStream(path)) yield chunk as Buffer;
        })()))
      : Readable.toWeb(Readable.from([header, Buffer.from(csvLine([...doc.columns, 'row', 'error']))]));
    return new Response(body as ReadableStream, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition } });
  }
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('failed rows');
  void (async () => {
    try {
      if (!exists) sheet.addRow([...doc.columns, 'row', 'error']).commit();
      else {
        const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false });
        createReadStream(path).pipe(parser);
        // Sheet cells are text, never run: the apostrophes that keep the CSV safe are not needed there.
        for await (const row of parser as AsyncIterable<string[]>) sheet.addRow(row.map(formulaSafeRead)).commit();
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': disposition },
  });
}
