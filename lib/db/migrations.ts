import type { Db } from 'mongodb';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { logger } from '@/lib/logger';
import { rebuildUniqueClaims } from '@/lib/records/unique-values';

interface Migration {
  id: string;
  up(db: Db): Promise<void>;
}

/** Applied in order, each once; never edit one that has shipped: add the next. */
const migrations: Migration[] = [
  {
    id: '0001-core-indexes',
    async up(db) {
      await db.collection('users').createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
      await db.collection('api_tokens').createIndex({ tokenHash: 1 }, { unique: true, name: 'token_hash_unique' });
      await db.collection('workflow_runs').createIndex({ createdAt: -1 }, { name: 'created_at' });
      await db.collection('workflow_runs').createIndex({ status: 1, createdAt: -1 }, { name: 'status_created_at' });
      await db.collection('workflow_runs').createIndex({ recordId: 1 }, { name: 'record' });
      await db.collection('audit_log').createIndex({ entity: 1, recordId: 1, at: -1 }, { name: 'record_history' });
    },
  },
  {
    id: '0002-engine-indexes',
    async up(db) {
      await db.collection('views').createIndex({ entity: 1 }, { name: 'entity' });
      await db.collection('auto_numbers').createIndex({ entity: 1, field: 1, period: 1, counter: -1 }, { name: 'sequence' });
      await db.collection('entity_versions').createIndex({ entity: 1, version: -1 }, { name: 'entity_version' });
    },
  },
  {
    // History entries are now found by id (entity:record:version); earlier ones had random ids
    // and no version. Each record's entries get their versions in the order they were written.
    id: '0003-history-entry-ids',
    async up(db) {
      const log = db.collection('audit_log');
      const old = await log.find({ _id: { $type: 'objectId' } }).toArray();
      const byRecord = new Map<string, typeof old>();
      for (const entry of old) {
        const key = `${entry.entity}:${entry.recordId}`;
        byRecord.set(key, [...(byRecord.get(key) ?? []), entry]);
      }
      for (const [key, entries] of byRecord) {
        entries.sort((a, b) => a.at.getTime() - b.at.getTime());
        for (const [index, { _id, ...entry }] of entries.entries()) {
          await log.replaceOne({ _id: `${key}:${index + 1}` as never }, { ...entry, version: index + 1 }, { upsert: true });
          await log.deleteOne({ _id });
        }
      }
    },
  },
  {
    // Unique values now compare in NFKC, case-folded, without any whitespace, and phone numbers
    // by their digits without a +86 in front of a mobile: claims made under the old keys are
    // made again under the new ones (the stored values do not change).
    id: '0004-unique-value-keys',
    async up(db) {
      const entities = await db.collection<EntityDefinition & { _id: string }>('entities').find({}).toArray();
      for (const def of entities) {
        const shared = await rebuildUniqueClaims(db, def);
        if (shared.length > 0) logger.warn({ entity: def.key, records: shared.slice(0, 20), count: shared.length }, 'records share a unique value under the new comparison');
      }
    },
  },
  {
    // Creates in progress (found by age by the recovery sweep), and a record's number found by
    // its claim when a create is completed after a crash.
    id: '0005-write-intents',
    async up(db) {
      await db.collection('write_intents').createIndex({ at: 1 }, { name: 'at' });
      await db.collection('auto_numbers').createIndex({ entity: 1, field: 1, recordId: 1 }, { name: 'record' });
    },
  },
  {
    // Roles became a list (admins define roles; lib/permissions) and users got a department
    // and a session version. Records carry their owner's department so that department
    // scopes are one indexed filter; nobody has a department yet, so it is null everywhere.
    id: '0006-roles-departments-sessions',
    async up(db) {
      const users = db.collection('users');
      for (const user of await users.find({ roles: { $exists: false } }).toArray()) {
        await users.updateOne({ _id: user._id }, { $set: { roles: [typeof user.role === 'string' ? user.role : 'staff'], departmentId: null, sessionVersion: 1 }, $unset: { role: '' } });
      }
      await users.createIndex({ roles: 1 }, { name: 'roles' });
      const entities = await db.collection<EntityDefinition & { _id: string }>('entities').find({}).toArray();
      for (const def of entities) {
        const records = db.collection(`rec_${def.key}`);
        await records.updateMany({ _departmentId: { $exists: false } }, { $set: { _departmentId: null } });
        await records.createIndex({ _departmentId: 1 }, { name: 'department' });
      }
      await db.collection('audit_events').createIndex({ action: 1, _id: -1 }, { name: 'action' });
      await db.collection('audit_events').createIndex({ actorId: 1, _id: -1 }, { name: 'actor' });
      await db.collection('sessions').createIndex({ userId: 1 }, { name: 'user' });
    },
  },
  {
    // Workflows, approvals and notifications: every list and sweep filters on top-level fields.
    id: '0007-automation-indexes',
    async up(db) {
      await db.collection('workflow_runs').createIndex({ status: 1, wakeAt: 1 }, { name: 'status_wake' });
      await db.collection('workflow_runs').createIndex({ status: 1, leaseUntil: 1 }, { name: 'status_lease' });
      await db.collection('workflow_runs').createIndex({ workflowKey: 1, createdAt: -1 }, { name: 'workflow_created_at' });
      await db.collection('workflow_versions').createIndex({ key: 1, version: -1 }, { name: 'key_version' });
      await db.collection('notifications').createIndex({ userId: 1, createdAt: -1 }, { name: 'user_created_at' });
      await db.collection('notifications').createIndex({ userId: 1, read: 1 }, { name: 'user_read' });
      await db.collection('approvals').createIndex({ entity: 1, recordId: 1, createdAt: -1 }, { name: 'record' });
      await db.collection('approvals').createIndex({ submitterId: 1, createdAt: -1 }, { name: 'submitter' });
      await db.collection('approvals').createIndex({ status: 1, dueAt: 1 }, { name: 'status_due' });
      await db.collection('approval_tasks').createIndex({ userId: 1, status: 1, createdAt: -1 }, { name: 'user_status' });
      await db.collection('approval_tasks').createIndex({ approvalId: 1, round: 1, level: 1 }, { name: 'approval_level' });
      await db.collection('emails').createIndex({ status: 1, createdAt: -1 }, { name: 'status_created_at' });
    },
  },
];

export async function migrate(db: Db): Promise<string[]> {
  const applied = db.collection<{ _id: string; appliedAt: Date }>('migrations');
  const done = new Set((await applied.find({}).toArray()).map((doc) => doc._id));
  const ran: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.id)) continue;
    logger.info({ migration: migration.id }, 'applying migration');
    await migration.up(db);
    await applied.insertOne({ _id: migration.id, appliedAt: new Date() });
    ran.push(migration.id);
  }
  return ran;
}
