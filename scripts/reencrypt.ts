/**
 * Key rotation, step 2: writes every sensitive value (records and their history) under the
 * current key. Step 1 is to set the new key (SALESFLOW_ENCRYPTION_KEY, or a new
 * data/encryption-key) and list the old one in SALESFLOW_ENCRYPTION_OLD_KEYS (or
 * data/encryption-keys.old) so existing values stay readable meanwhile; after this script,
 * the old key can go. Safe to run again and while the app runs: a record is rewritten only if
 * its version did not change since it was read (no new version: the values do not change).
 *   npx tsx scripts/reencrypt.ts
 */
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { listEntities } from '@/lib/entities/entity.service';
import { isSealed, seal, sealedUnderOldKey, unseal } from '@/lib/security/field-crypto';

function resealed(values: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!values) return null;
  let changed = false;
  const next = { ...values };
  for (const [key, value] of Object.entries(values)) {
    if (isSealed(value) && sealedUnderOldKey(value)) {
      next[key] = seal(unseal(value));
      changed = true;
    }
  }
  return changed ? next : null;
}

async function main() {
  let records = 0;
  let entries = 0;
  for (const def of await listEntities({ includeArchived: true })) {
    const coll = await recordCollection(def.key);
    for await (const doc of coll.find({})) {
      const next = resealed(doc);
      if (next && (await coll.replaceOne({ _id: doc._id, _version: doc._version }, next)).modifiedCount > 0) records += 1;
    }
    const log = await collection('auditLog');
    for await (const entry of log.find({ entity: def.key })) {
      const before = resealed(entry.before);
      const after = resealed(entry.after);
      if (before || after) {
        await log.updateOne({ _id: entry._id }, { $set: { before: before ?? entry.before, after: after ?? entry.after } });
        entries += 1;
      }
    }
  }
  console.log(`re-encrypted under the current key: ${records} records, ${entries} history entries`);
}

main()
  .then(() => closeMongo())
  .catch(async (error) => {
    console.error(`re-encryption failed: ${error instanceof Error ? error.message : String(error)}`);
    await closeMongo();
    process.exit(1);
  });
