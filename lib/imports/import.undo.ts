import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { translator } from '@/lib/i18n/messages';
import { purgeRecords, revertRecord } from '@/lib/records/record.service';
import { actorFor } from '@/lib/permissions/actor';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import type { UndoReport } from '@/lib/imports/import.types';

const UNDO_BATCH = 500;

/**
 * The undo job: the records the import created are deleted for good through the record
 * service (history keeps their last values, unique values are freed); the records it updated
 * get their previous values back, unless someone changed them since (counted as conflicts
 * and left alone). Repeating it after a crash finishes what is left.
 */
export async function undoImport(importId: string): Promise<void> {
  const imports = await collection('imports');
  const doc = await imports.findOne({ _id: importId });
  if (!doc || doc.status !== 'undoing') return;
  const undoer = doc.undoneBy && ObjectId.isValid(doc.undoneBy) ? await (await collection('users')).findOne({ _id: new ObjectId(doc.undoneBy) }) : null;
  const ctx = { actor: undoer ? await actorFor(undoer, 'job') : AUTOMATION_ACTOR, t: translator(doc.locale) };
  const report: UndoReport = { removed: 0, restored: 0, conflicts: 0, conflictIds: [] };

  // Ids first (one read), then deleted a batch at a time.
  const created = await (await recordCollection(doc.entity)).find({ _importId: importId } as never, { projection: { _id: 1 } }).toArray();
  for (let start = 0; start < created.length; start += UNDO_BATCH) {
    report.removed += await purgeRecords(doc.entity, created.slice(start, start + UNDO_BATCH).map((record) => record._id), ctx);
  }

  const updates = await collection('importUpdates');
  // A record updated by several rows goes back to what it held before the first, once.
  const byRecord = new Map<string, { before: Record<string, unknown>; beforeVersion: number; afterVersion: number }>();
  for (const entry of await updates.find({ importId }).toArray()) {
    if (entry.afterVersion === undefined) continue;
    const seen = byRecord.get(entry.recordId);
    if (!seen) byRecord.set(entry.recordId, { before: entry.before, beforeVersion: entry.beforeVersion, afterVersion: entry.afterVersion });
    else {
      if (entry.beforeVersion < seen.beforeVersion) Object.assign(seen, { before: entry.before, beforeVersion: entry.beforeVersion });
      seen.afterVersion = Math.max(seen.afterVersion, entry.afterVersion);
    }
  }
  for (const [recordId, entry] of byRecord) {
    if (await revertRecord(doc.entity, recordId, entry.before, entry.afterVersion, ctx)) report.restored += 1;
    else {
      report.conflicts += 1;
      if (report.conflictIds.length < 100) report.conflictIds.push(recordId);
    }
  }
  await imports.updateOne({ _id: importId }, { $set: { status: 'undone', undo: report, undoneAt: new Date() } });
}
