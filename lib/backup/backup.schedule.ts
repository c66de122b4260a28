import { join, resolve } from 'node:path';
import { config } from '@/lib/config';
import { logger } from '@/lib/logger';
import { backupFileName, pruneBackups, writeBackup } from '@/lib/backup/backup';
import { readyRedis, redisKey } from '@/lib/redis';

/** Scheduled backups (worker): every SALESFLOW_BACKUP_EVERY_HOURS hours, keeping SALESFLOW_BACKUP_KEEP of them. */
export function backupSchedule(): { everyMs: number; keep: number; dir: string } | null {
  const hours = Number(process.env.SALESFLOW_BACKUP_EVERY_HOURS || 0);
  if (!Number.isFinite(hours) || hours <= 0) return null;
  return { everyMs: hours * 3600_000, keep: Math.max(1, Number(process.env.SALESFLOW_BACKUP_KEEP || 7) || 7), dir: resolve(process.env.SALESFLOW_BACKUP_DIR || join(config.dataDir, 'backups')) };
}

/**
 * One scheduled backup, taken by one worker at a time (a Redis lock: with several workers,
 * the first takes it), then the oldest beyond the number to keep deleted.
 */
export async function scheduledBackup(schedule: { everyMs: number; keep: number; dir: string }): Promise<void> {
  const lock = await (await readyRedis())
    .set(redisKey('backup', 'lock'), String(process.pid), 'PX', Math.max(schedule.everyMs / 2, 60_000), 'NX')
    .catch(() => 'OK'); // Redis away: back up anyway, a second copy does no harm
  if (lock !== 'OK') return;
  const file = join(schedule.dir, backupFileName());
  const started = Date.now();
  const trailer = await writeBackup(file);
  const removed = await pruneBackups(schedule.dir, schedule.keep);
  logger.info({ file, collections: Object.keys(trailer.collections).length, ms: Date.now() - started, removed: removed.length }, 'scheduled backup written');
}
