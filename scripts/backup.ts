/**
 * ./salesflow backup [file]   a compressed backup of the database and the data folder
 * ./salesflow restore <file>  restores one into an empty database and data folder
 * (The launcher starts the embedded services first when they are not running.)
 */
import { join, resolve } from 'node:path';
import { config } from '@/lib/config';
import { closeMongo, database } from '@/lib/db/mongo';
import { migrate } from '@/lib/db/migrations';
import { backupFileName, restoreBackup, writeBackup } from '@/lib/backup/backup';
import { reconcileAfterRestore } from '@/lib/backup/backup.reconcile';
import { closeQueues } from '@/lib/jobs/jobs';

export function backupDir(): string {
  return resolve(process.env.SALESFLOW_BACKUP_DIR || join(config.dataDir, 'backups'));
}

async function main() {
  const [command, file] = process.argv.slice(2);
  if (command === 'backup') {
    const target = resolve(file || join(backupDir(), backupFileName()));
    const started = Date.now();
    const trailer = await writeBackup(target);
    const records = Object.entries(trailer.collections).filter(([name]) => name.startsWith('rec_')).reduce((sum, [, info]) => sum + info.count, 0);
    console.log(`backup written: ${target}`);
    console.log(`  ${Object.keys(trailer.collections).length} collections, ${records} records, ${Object.keys(trailer.files).length} files, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else if (command === 'restore') {
    if (!file) throw new Error('name the backup file: ./salesflow restore <file>');
    const report = await restoreBackup(resolve(file));
    await migrate(await database());
    const reconciled = await reconcileAfterRestore(new Date(report.header.startedAt));
    const records = Object.entries(report.collections).filter(([name]) => name.startsWith('rec_')).reduce((sum, [, info]) => sum + info.count, 0);
    console.log(`restored ${file} (taken ${report.header.startedAt})`);
    console.log(`  ${Object.keys(report.collections).length} collections, ${records} records, ${Object.keys(report.trailer.files).length} files, every count and checksum as backed up`);
    console.log(`  writes under way during the backup: ${reconciled.completed} creates completed, ${reconciled.rolledForward} versions rolled forward`);
    await closeQueues().catch(() => undefined);
  } else {
    throw new Error('usage: backup [file] | restore <file>');
  }
}

main()
  .then(() => closeMongo())
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error(`${process.argv[2] ?? 'backup'} failed: ${error instanceof Error ? error.message : String(error)}`);
    await closeMongo().catch(() => undefined);
    process.exit(1);
  });
