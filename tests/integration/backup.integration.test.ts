import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo, database, mongoClient } from '@/lib/db/mongo';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { collectionChecksum, pruneBackups, restoreBackup, writeBackup, backupFileName, listBackups } from '@/lib/backup/backup';
import { reconcileAfterRestore } from '@/lib/backup/backup.reconcile';
import type { RecordDoc } from '@/lib/records/record.types';
import { adminTokenClient, uniqueName, type ApiClient } from '../support/http';

const suffix = Date.now().toString(36);
const key = `it_bak_${suffix}`;
const label = (en: string) => ({ 'zh-CN': en, en });
const def: EntityDefinition = {
  key,
  version: 0,
  label: label('Contract'),
  displayField: 'title',
  fields: [
    { key: 'no', type: 'autonumber', label: label('No.'), autonumber: { prefix: 'K', dateFormat: '', digits: 4 } },
    { key: 'title', type: 'text', label: label('Title'), required: true },
    { key: 'scan', type: 'attachment', label: label('Scan') },
  ],
  listView: { columns: ['no', 'title'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

let api: ApiClient;
let dir: string;
const env = { db: process.env.SALESFLOW_DB_NAME, data: process.env.SALESFLOW_DATA_DIR };

beforeAll(async () => {
  api = await adminTokenClient();
  expect((await api.put(`/api/entities/${key}/draft`, def)).status).toBe(200);
  expect((await api.post(`/api/entities/${key}/publish`, {})).status).toBe(200);
  dir = await mkdtemp(join(tmpdir(), 'salesflow-backup-'));
});
afterAll(async () => {
  process.env.SALESFLOW_DB_NAME = env.db;
  process.env.SALESFLOW_DATA_DIR = env.data;
  await rm(dir, { recursive: true, force: true });
  await closeMongo();
});

/** Runs `work` against another database and data folder (restore targets), then switches back. */
async function elsewhere<T>(dbName: string, dataDir: string, work: () => Promise<T>): Promise<T> {
  await closeMongo();
  process.env.SALESFLOW_DB_NAME = dbName;
  process.env.SALESFLOW_DATA_DIR = dataDir;
  try {
    return await work();
  } finally {
    process.env.SALESFLOW_DB_NAME = env.db;
    process.env.SALESFLOW_DATA_DIR = env.data;
    await closeMongo();
  }
}

describe('backup and restore', () => {
  it('brings back every record, history entry, attachment and file, with equal counts and checksums', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([0, 1, 2, 250, 251, 252])], { type: 'application/pdf' }), 'scan.pdf');
    form.append('entity', key);
    form.append('field', 'scan');
    const uploaded = (await (await api.raw('POST', '/api/attachments', form)).json()) as any;
    const created = await api.post(`/api/records/${key}`, { title: uniqueName('Signed'), scan: [uploaded] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // A create under way while the backup runs: its intent and record are in, its number and history not yet.
    const at = new Date();
    const half: RecordDoc = { _id: new ObjectId(), title: 'Half made', _ownerId: 'x', _createdAt: at, _createdBy: created.body.createdBy, _updatedAt: at, _updatedBy: created.body.createdBy, _version: 1 };
    await (await collection('writeIntents')).insertOne({ _id: `${key}:${half._id.toHexString()}`, entity: key, kind: 'create', doc: half, actorId: created.body.createdBy, triggerWorkflows: true, ownRollups: false, at });
    await (await recordCollection(key)).insertOne(half);
    await mkdir(join(process.env.SALESFLOW_DATA_DIR!, 'imports', 'it-backup'), { recursive: true });
    await writeFile(join(process.env.SALESFLOW_DATA_DIR!, 'imports', 'it-backup', 'source.csv'), 'Name\nÄ,β,中\n');

    const file = join(dir, backupFileName());
    const trailer = await writeBackup(file);
    expect(trailer.collections[`rec_${key}`].count).toBe(2);
    expect(trailer.collections.attachments.count).toBeGreaterThanOrEqual(1);
    expect(trailer.files['imports/it-backup/source.csv']).toMatchObject({ bytes: Buffer.byteLength('Name\nÄ,β,中\n') });
    await (await collection('writeIntents')).deleteOne({ _id: `${key}:${half._id.toHexString()}` });

    const restoredDb = `salesflow_restore_${suffix}`;
    const restoredData = join(dir, 'data');
    await mkdir(restoredData);
    const report = await elsewhere(restoredDb, restoredData, async () => {
      const restored = await restoreBackup(file);
      // Every collection as backed up: same documents (checksums over their Extended JSON), same counts.
      const db = await database();
      for (const [name, expected] of Object.entries(trailer.collections)) expect(await collectionChecksum(db, name), name).toEqual(expected);
      const reconciled = await reconcileAfterRestore(new Date(restored.header.startedAt));
      const records = await (await recordCollection(key)).find({}).sort({ _createdAt: 1 }).toArray();
      const history = await (await collection('auditLog')).find({ entity: key }).toArray();
      const attachment = await (await collection('attachments')).findOne({ _id: new ObjectId(uploaded.id as string) });
      return { reconciled, records, history, attachment };
    });
    expect(report.reconciled.completed).toBe(1);
    expect(report.records.map((record) => record.no)).toEqual([created.body.data.no, expect.stringMatching(/^K-\d{4}$/)]);
    expect(report.history.map((entry) => entry.recordId).sort()).toEqual([created.body.id, half._id.toHexString()].sort());
    expect(Buffer.from(report.attachment!.data.buffer)).toEqual(Buffer.from([0, 1, 2, 250, 251, 252]));
    expect(await readFile(join(restoredData, 'imports', 'it-backup', 'source.csv'), 'utf8')).toBe('Name\nÄ,β,中\n');

    // Never into a database or data folder that holds something.
    await expect(elsewhere(restoredDb, join(dir, 'other'), () => restoreBackup(file))).rejects.toThrow(/not empty/);
    await (await mongoClient()).db(restoredDb).dropDatabase();
  });

  it('keeps the newest backups of a folder', async () => {
    const folder = join(dir, 'kept');
    await mkdir(folder);
    for (const day of [1, 2, 3, 4]) await writeFile(join(folder, backupFileName(new Date(Date.UTC(2026, 10, day)))), '');
    expect(await pruneBackups(folder, 2)).toHaveLength(2);
    expect((await listBackups(folder)).map((path) => path.split('/').pop())).toEqual(['salesflow-20261104-000000.backup.gz', 'salesflow-20261103-000000.backup.gz']);
  });
});
