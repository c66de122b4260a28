import type { Job } from 'bullmq';
import { collection } from '@/lib/db/collections';
import { logger } from '@/lib/logger';
import { translator } from '@/lib/i18n/messages';
import { AppError } from '@/lib/errors/app-error';
import { runImport, validateImport } from '@/lib/imports/import.runner';
import { undoImport } from '@/lib/imports/import.undo';
import type { ImportJobData, ImportJobName } from '@/lib/imports/import.types';

const steps: Record<ImportJobName, (importId: string) => Promise<void>> = {
  'validate-import': validateImport,
  'run-import': runImport,
  'undo-import': undoImport,
};

/**
 * One import step. Each step resumes where an earlier attempt stopped; after the last
 * attempt the import is marked failed with the reason, in the importer's language.
 */
export async function importHandler(job: Job<ImportJobData>): Promise<void> {
  const step = steps[job.name as ImportJobName];
  if (!step) throw new Error(`no handler for import job "${job.name}"`);
  try {
    await step(job.data.importId);
  } catch (error) {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    logger.warn({ importId: job.data.importId, job: job.name, attempt: job.attemptsMade + 1, err: error }, 'import step failed');
    if (last) {
      const imports = await collection('imports');
      const doc = await imports.findOne({ _id: job.data.importId });
      const t = translator(doc?.locale ?? 'en');
      const detail = error instanceof AppError ? t(error.messageKey, error.params) : (error as Error).message;
      // A failed undo leaves the import done (it can be undone again); others are failed.
      const status = job.name === 'undo-import' ? 'done' : 'failed';
      await imports.updateOne({ _id: job.data.importId }, { $set: { status, error: t('imports.error.job', { detail }), finishedAt: new Date() } });
    }
    throw error;
  }
}
