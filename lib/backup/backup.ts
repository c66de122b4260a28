import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { BSON, type Db, type Document } from 'mongodb';
import { config } from '@/lib/config';
import { database } from '@/lib/db/mongo';

const { EJSON } = BSON;

/**
 * A backup is one gzip-compressed file of JSON lines: a header, then every collection of the
 * database (its indexes, then its documents in Extended JSON, so ObjectIds, dates and binary
 * attachments come back as they were), then the files of the data folder that are not the
 * database's own (uploaded import files, the generated secrets), then a trailer with the
 * count and checksum of every collection. It is read and written as a stream, through the
 * driver, so it works the same for MongoDB and the embedded database, while the app runs.
 *
 * The collections are read one after another, not in one instant; the order and the
 * reconcile step of restore make the result consistent: a create or update that was under
 * way while the backup ran is completed on restore exactly as the recovery sweep would have
 * (see reconcileAfterRestore in backup.reconcile.ts).
 */
export const BACKUP_FORMAT = 'salesflow-backup';

export interface BackupHeader {
  kind: 'header';
  format: typeof BACKUP_FORMAT;
  version: 1;
  startedAt: string;
  dbName: string;
}

export interface BackupTrailer {
  kind: 'end';
  finishedAt: string;
  collections: Record<string, { count: number; sha256: string }>;
  files: Record<string, { bytes: number; sha256: string }>;
}

/**
 * Read first, so that everything a later collection points to is in the backup: workflow
 * runs and unfinished creates before the records, the records before their history, numbers,
 * unique claims and attachments (all of which are written before or with the record).
 */
const FIRST = ['workflow_runs', 'write_intents'];
const LAST = ['audit_log', 'auto_numbers', 'unique_values', 'attachments', 'import_updates'];

function collectionOrder(names: string[]): string[] {
  const rest = names.filter((name) => !FIRST.includes(name) && !LAST.includes(name));
  const config = rest.filter((name) => !name.startsWith('rec_')).sort();
  const records = rest.filter((name) => name.startsWith('rec_')).sort();
  return [...config, ...FIRST.filter((name) => names.includes(name)), ...records, ...LAST.filter((name) => names.includes(name))];
}

/** Files of the data folder that a backup carries: everything but the services' own data, logs, run files and backups. */
const SKIPPED_DIRS = new Set(['ferretdb', 'redis', 'logs', 'run', 'backups', 'test', 'bench', 'test-results']);

async function dataFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (dir === root && SKIPPED_DIRS.has(entry.name)) continue;
        await walk(path);
      } else if (entry.isFile() && !entry.name.endsWith('.part')) found.push(relative(root, path));
    }
  };
  await walk(root);
  return found.sort();
}

const FILE_CHUNK = 512 * 1024;

/**
 * A collection's checksum: over its documents as a set (each one's Extended JSON hashed,
 * the hashes sorted), so it does not depend on the order a database returns them in.
 */
function docDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function setDigest(digests: string[]): string {
  return createHash('sha256').update(digests.sort().join('\n')).digest('hex');
}

/** Writes a backup of the database and the data folder to `file` (written to a temporary name, then renamed). */
export async function writeBackup(file: string, db?: Db): Promise<BackupTrailer> {
  const source = db ?? (await database());
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.part`;
  const out = new PassThrough();
  const written = pipeline(out, createGzip({ level: 6 }), createWriteStream(partial));
  const line = async (value: unknown) => {
    if (!out.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`)) await new Promise((resolve) => out.once('drain', resolve));
  };
  const header: BackupHeader = { kind: 'header', format: BACKUP_FORMAT, version: 1, startedAt: new Date().toISOString(), dbName: source.databaseName };
  await line(header);
  const trailer: BackupTrailer = { kind: 'end', finishedAt: '', collections: {}, files: {} };
  const names = (await source.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name).filter((name) => !name.startsWith('system.') && !name.startsWith('scratch_'));
  for (const name of collectionOrder(names)) {
    const coll = source.collection(name);
    const indexes = (await coll.indexes().catch(() => [])).filter((index) => index.name !== '_id_');
    await line({ kind: 'collection', name, indexes });
    const digests: string[] = [];
    for await (const doc of coll.find({}, { batchSize: 1000 })) {
      const text = EJSON.stringify(doc, { relaxed: false });
      digests.push(docDigest(text));
      await line(`{"kind":"doc","c":${JSON.stringify(name)},"d":${text}}`);
    }
    trailer.collections[name] = { count: digests.length, sha256: setDigest(digests) };
  }
  for (const path of await dataFiles(config.dataDir)) {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of createReadStream(join(config.dataDir, path), { highWaterMark: FILE_CHUNK })) {
      hash.update(chunk as Buffer);
      await line({ kind: 'file', path, offset: bytes, data: (chunk as Buffer).toString('base64') });
      bytes += (chunk as Buffer).length;
    }
    if (bytes === 0) await line({ kind: 'file', path, offset: 0, data: '' });
    trailer.files[path] = { bytes, sha256: hash.digest('hex') };
  }
  trailer.finishedAt = new Date().toISOString();
  await line(trailer);
  out.end();
  await written;
  await rename(partial, file);
  return trailer;
}

async function* backupLines(file: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const text of lines) if (text) yield JSON.parse(text) as Record<string, unknown>;
}

export interface RestoreReport {
  header: BackupHeader;
  trailer: BackupTrailer;
  collections: Record<string, { count: number; sha256: string }>;
}

/**
 * Restores a backup into an empty database and data folder (refused otherwise: a restore
 * never mixes with live data), checking every collection's count and checksum and every
 * file's against the trailer.
 */
export async function restoreBackup(file: string, db?: Db): Promise<RestoreReport> {
  const target = db ?? (await database());
  const existing = (await target.listCollections({}, { nameOnly: true }).toArray()).filter((info) => !info.name.startsWith('system.'));
  if (existing.length > 0) throw new Error(`the database "${target.databaseName}" is not empty (${existing.length} collections): restore into an empty one`);
  let header: BackupHeader | null = null;
  let trailer: BackupTrailer | null = null;
  const restored: Record<string, { count: number; sha256: string }> = {};
  const hashes = new Map<string, string[]>();
  const pending = new Map<string, Document[]>();
  const indexes = new Map<string, Document[]>();
  const flush = async (name: string) => {
    const docs = pending.get(name) ?? [];
    if (docs.length > 0) await target.collection(name).insertMany(docs, { ordered: false });
    pending.set(name, []);
  };
  const files = new Map<string, ReturnType<typeof createHash>>();
  for await (const entry of backupLines(file)) {
    if (entry.kind === 'header') {
      header = entry as unknown as BackupHeader;
      if (header.format !== BACKUP_FORMAT) throw new Error(`${file} is not a Salesflow backup`);
    } else if (entry.kind === 'collection') {
      const name = String(entry.name);
      pending.set(name, []);
      hashes.set(name, []);
      restored[name] = { count: 0, sha256: '' };
      indexes.set(name, (entry.indexes as Document[]) ?? []);
      await target.createCollection(name).catch(() => undefined);
    } else if (entry.kind === 'doc') {
      const name = String(entry.c);
      const text = EJSON.stringify(entry.d as Document, { relaxed: false });
      hashes.get(name)!.push(docDigest(text));
      restored[name].count += 1;
      pending.get(name)!.push(EJSON.deserialize(entry.d as Document, { relaxed: false }) as Document);
      if (pending.get(name)!.length >= 500) await flush(name);
    } else if (entry.kind === 'file') {
      const path = String(entry.path);
      if (path.includes('..') || path.startsWith('/')) throw new Error(`the backup names a file outside the data folder: ${path}`);
      const full = join(config.dataDir, path);
      const data = Buffer.from(String(entry.data), 'base64');
      if (!files.has(path)) {
        await mkdir(dirname(full), { recursive: true });
        if (await stat(full).then(() => true, () => false)) throw new Error(`${full} exists already: restore into an empty data folder`);
        await writeFile(full, data, { mode: path.includes('secret') || path.includes('token') || path.includes('key') ? 0o600 : 0o644 });
        files.set(path, createHash('sha256'));
      } else await writeFile(full, data, { flag: 'a' });
      files.get(path)!.update(data);
    } else if (entry.kind === 'end') trailer = entry as unknown as BackupTrailer;
  }
  for (const name of pending.keys()) await flush(name);
  if (!header || !trailer) throw new Error(`${file} is incomplete (no ${header ? 'trailer' : 'header'}): it was cut short`);
  for (const [name, digests] of hashes) restored[name].sha256 = setDigest(digests);
  for (const [name, expected] of Object.entries(trailer.collections)) {
    const got = restored[name];
    if (!got || got.count !== expected.count || got.sha256 !== expected.sha256) throw new Error(`collection ${name} did not restore intact (${got?.count ?? 0} of ${expected.count} documents)`);
  }
  for (const [path, expected] of Object.entries(trailer.files)) {
    if (files.get(path)?.digest('hex') !== expected.sha256) throw new Error(`file ${path} did not restore intact`);
  }
  for (const [name, specs] of indexes) {
    for (const { key, name: indexName, unique, v: _v, ns: _ns, ...rest } of specs) {
      await target.collection(name).createIndex(key, { name: indexName, ...(unique ? { unique } : {}), ...rest }).catch(() => undefined);
    }
  }
  return { header, trailer, collections: restored };
}

/** The checksum a backup's trailer records for a collection, computed from the live database (for checks after a restore). */
export async function collectionChecksum(db: Db, name: string): Promise<{ count: number; sha256: string }> {
  const digests: string[] = [];
  for await (const doc of db.collection(name).find({})) digests.push(docDigest(EJSON.stringify(doc, { relaxed: false })));
  return { count: digests.length, sha256: setDigest(digests) };
}

/** Backups in a folder, newest first. */
export async function listBackups(dir: string): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [])).filter((name) => /^salesflow-\d{8}-\d{6}\.backup\.gz$/.test(name));
  return names.sort().reverse().map((name) => join(dir, name));
}

/** Keeps the newest `keep` backups of the folder, deleting older ones. Returns the deleted. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const old = (await listBackups(dir)).slice(Math.max(keep, 1));
  for (const file of old) await rm(file, { force: true });
  return old;
}

/** salesflow-YYYYMMDD-HHMMSS.backup.gz in UTC. */
export function backupFileName(at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `salesflow-${stamp}.backup.gz`;
}

export async function readBackupTrailer(file: string): Promise<BackupTrailer | null> {
  let trailer: BackupTrailer | null = null;
  for await (const entry of backupLines(file)) if (entry.kind === 'end') trailer = entry as unknown as BackupTrailer;
  return trailer;
}

