import { ObjectId } from 'mongodb';
import { config } from '@/lib/config';
import { collection, recordCollection } from '@/lib/db/collections';
import { getEntity, listEntities } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { historyId } from '@/lib/records/record.history';
import { completeCreate, recoverCreates, repairStaleVersion } from '@/lib/records/record.write';
import { rollupFields } from '@/lib/records/rollup.compute';
import { publishRecordEvent } from '@/lib/records/record.events';
import type { RecordDoc } from '@/lib/records/record.types';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';

export interface ReconcileReport {
  /** Creates completed from their intents, or found unfinished among the records. */
  completed: number;
  /** Versions whose history entry was in the backup but not yet the record's: written. */
  rolledForward: number;
}

/**
 * Makes a restored database consistent. The backup read its collections one after another
 * while the app ran; a write under way at that time may be in it partly: a record without its
 * number or history, a history entry whose version the record did not get yet, a record
 * without the workflow run it starts. Each is completed as the recovery sweep completes an
 * interrupted write — every step is idempotent, so writes that were complete stay as they
 * are. Only what changed during the backup (from a margin before it started) is looked at.
 */
export async function reconcileAfterRestore(backupStartedAt: Date): Promise<ReconcileReport> {
  const report: ReconcileReport = { completed: 0, rolledForward: 0 };
  const since = new Date(backupStartedAt.getTime() - config.recoveryAfterMs);
  // Every intent in the backup belongs to a create that was under way: all are stale now.
  report.completed += await recoverCreates(getEntity, new Date(Date.now() + config.recoveryAfterMs + 1000));
  const entries = await (await collection('auditLog')).find({ at: { $gte: since } }).sort({ at: 1 }).toArray();
  const defs = new Map<string, EntityDefinition | null>();
  const defOf = async (key: string) => {
    if (!defs.has(key)) defs.set(key, await getEntity(key).catch(() => null));
    return defs.get(key) ?? null;
  };
  for (const entry of entries) {
    const def = await defOf(entry.entity);
    if (!def || entry.action === 'create') continue;
    const records = await recordCollection(def.key);
    const record = await records.findOne({ _id: new ObjectId(entry.recordId) });
    if (record && record._version === entry.version - 1 && (await repairStaleVersion(def, entry._id, record, { force: true }))) report.rolledForward += 1;
  }
  for (const def of await listEntities()) {
    const usable = await defOf(def.key);
    if (!usable) continue;
    const records = await recordCollection(def.key);
    for await (const doc of records.find({ _updatedAt: { $gte: since } })) {
      if (doc._version === 1) {
        // Completed again if it was not: a number, its history entry, its workflow runs (each once).
        const entryMissing = !(await (await collection('auditLog')).findOne({ _id: historyId(def.key, doc._id, 1) }, { projection: { _id: 1 } }));
        await completeCreate({ def: usable, doc, actor: { ...AUTOMATION_ACTOR, id: doc._createdBy }, triggerWorkflows: true, ownRollups: rollupFields(usable).length > 0 }, { recovering: true });
        if (entryMissing) report.completed += 1;
      } else {
        const entry = await (await collection('auditLog')).findOne({ _id: historyId(def.key, doc._id, doc._version) });
        if (entry?.before && entry.action === 'update') await publishRecordEvent({ type: 'updated', entity: def.key, record: doc, before: { ...doc, ...entry.before } as RecordDoc, automations: true });
      }
    }
  }
  return report;
}
