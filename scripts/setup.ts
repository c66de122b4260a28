/**
 * Brings a database up to date before the app starts: migrations, the template packs, the
 * first admin. Safe to run on every start.
 */
import { database, closeMongo } from '@/lib/db/mongo';
import { migrate } from '@/lib/db/migrations';
import { installTemplate, installedTemplate } from '@/lib/templates/template.installer';
import { ensureFirstAdmin } from '@/lib/users/first-admin';
import { ensurePublicFormUser } from '@/lib/public-forms/public-form-user';
import { listEntities } from '@/lib/entities/entity.service';
import { syncSystemIndexes } from '@/lib/db/indexes';
import { ensureRecordIndexes } from '@/lib/records/record.indexes';
import { definitionProblems } from '@/lib/entities/definition-problems';
import { syncAllDashboardIndexes } from '@/lib/dashboards/dashboard.indexes';
import { AppError } from '@/lib/errors/app-error';

function describe(error: unknown): string {
  if (error instanceof AppError && error.problems) return error.problems.join('; ');
  return error instanceof Error ? error.message : String(error);
}
import { registerSubscribers } from '@/lib/subscribers';

registerSubscribers();

async function waitForDatabase(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await database()).command({ ping: 1 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`database not reachable: ${(error as Error).message}`);
      await closeMongo();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function main() {
  await waitForDatabase();
  const db = await database();
  const ran = await migrate(db);
  if (ran.length > 0) console.log(`migrations applied: ${ran.join(', ')}`);

  // The sales app is installed on the first start and brought up to date when a newer
  // version ships; an admin's changes are kept (merged), and a pack an admin uninstalled stays so.
  const packs = (process.env.SALESFLOW_TEMPLATES ?? 'sales-crm').split(',').filter(Boolean);
  // Nothing stored can stop the product from starting: a pack that cannot be brought up to
  // date, or an entity whose stored definition is broken, is reported and the rest goes on.
  for (const pack of packs) {
    const installed = await installedTemplate(pack).catch(() => null);
    if (installed?.status === 'uninstalled') continue;
    let report;
    try {
      report = await installTemplate(pack);
    } catch (error) {
      console.error(`template "${pack}" could not be installed or upgraded, starting without its changes: ${describe(error)}`);
      continue;
    }
    const changed = report.changes.filter((change) => change.outcome !== 'unchanged' && change.outcome !== 'kept');
    if (!installed) console.log(`template "${pack}" v${report.version} installed`);
    else if (changed.length > 0 || report.previousVersion !== report.version) {
      console.log(`template "${pack}" v${report.previousVersion} → v${report.version}: ${changed.map((c) => `${c.kind} ${c.key} ${c.outcome}`).join(', ') || 'no definition changed'}`);
    }
  }
  // Every collection's indexes as lib/db/indexes.ts and each entity's plan say, also after a
  // start that was interrupted between saving and indexing, or an upgrade that changed a plan.
  await syncSystemIndexes(db);
  for (const entity of await listEntities({ includeArchived: true })) {
    const problems = definitionProblems(entity);
    if (problems.length > 0) console.error(`entity "${String(entity.key)}" has a definition that cannot be used until an admin fixes it: ${problems.join('; ')}`);
    try {
      const { created, dropped } = await ensureRecordIndexes(entity);
      if (created.length + dropped.length > 0) console.log(`indexes of ${entity.key}: ${[...created.map((name) => `+${name}`), ...dropped.map((name) => `-${name}`)].join(' ')}`);
    } catch (error) {
      console.error(`indexes of entity "${String(entity.key)}" could not be built: ${describe(error)}`);
    }
  }

  try {
    await syncAllDashboardIndexes();
  } catch (error) {
    console.error(`dashboard indexes could not be brought up to date: ${describe(error)}`);
  }

  // The user public form submissions are written as (inactive, no role: it never signs in).
  await ensurePublicFormUser();
  const admin = await ensureFirstAdmin();
  if (admin?.generatedPassword) {
    console.log('');
    console.log('  First admin created. Sign in with these; the password is shown only this once:');
    console.log(`    email:    ${admin.email}`);
    console.log(`    password: ${admin.generatedPassword}`);
    console.log('');
  } else if (admin) {
    console.log(`first admin created: ${admin.email}`);
  }
  await closeMongo();
}

main().catch(async (error) => {
  console.error(`setup failed: ${error instanceof Error ? error.message : String(error)}`);
  await closeMongo();
  process.exit(1);
});
