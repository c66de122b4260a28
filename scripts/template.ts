/**
 * The template center from the command line (./salesflow template …), with the same library
 * the web app uses:
 *   list | install <key|file.json> [--demo zh-CN|en] | upgrade <key> | uninstall <key> [--delete-records <key>] | export <key> [file]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { closeMongo } from '@/lib/db/mongo';
import { collection } from '@/lib/db/collections';
import { migrate } from '@/lib/db/migrations';
import { database } from '@/lib/db/mongo';
import { pick } from '@/lib/i18n/locale';
import { actorFor } from '@/lib/permissions/actor';
import type { Actor } from '@/lib/users/user.types';
import { listTemplates } from '@/lib/templates/template.catalog';
import { exportTemplate } from '@/lib/templates/template.export';
import { applyPack, installTemplate, upgradeTemplate } from '@/lib/templates/template.installer';
import { packFromFile, parseTemplateFile, storeUploadedTemplate } from '@/lib/templates/template.source';
import { DEMO_LOCALES, type DemoLocale, type InstallReport } from '@/lib/templates/template.types';
import { uninstallTemplate } from '@/lib/templates/template.uninstall';
import { registerSubscribers } from '@/lib/subscribers';

registerSubscribers();

const USAGE = `usage: ./salesflow template list
       ./salesflow template install <key|file.json> [--demo zh-CN|en]
       ./salesflow template upgrade <key>
       ./salesflow template uninstall <key> [--delete-records <key>]
       ./salesflow template export <key> [file]`;

class UsageError extends Error {}

/** The launcher runs as the installation itself: versions and demo records go to the first active admin. */
async function installingAdmin(): Promise<Actor> {
  const admins = await (await collection('users')).find({ roles: 'admin', active: true }).sort({ createdAt: 1 }).limit(1).toArray();
  if (!admins[0]) throw new Error('no active admin yet: run ./salesflow start once to create the first admin');
  return actorFor(admins[0], 'job');
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(index, 2);
  return value;
}

function printReport(report: InstallReport) {
  const from = report.previousVersion === null ? '' : ` (was v${report.previousVersion})`;
  console.log(`template "${report.pack}" v${report.version}${from}`);
  for (const change of report.changes) {
    const details = change.details?.length ? ` — ${change.details.join('; ')}` : '';
    console.log(`  ${change.kind.padEnd(9)} ${change.key.padEnd(28)} ${change.outcome}${details}`);
  }
  if (report.demo) {
    console.log(`  demo data (${report.demo.locale}): ${report.demo.created} created, ${report.demo.existing} already there, ${report.demo.failed.length} failed`);
    for (const failure of report.demo.failed) console.log(`    ${failure.entity}/${failure.id}: ${failure.message}`);
  }
}

async function list() {
  const locale = (process.env.SALESFLOW_LOCALE === 'zh-CN' ? 'zh-CN' : 'en') as 'zh-CN' | 'en';
  const rows = (await listTemplates()).map((t) => [
    t.key,
    `v${t.version}`,
    t.installed ? (t.installed.status === 'installed' ? `v${t.installed.version}` : 'uninstalled') : '-',
    t.upgradeAvailable ? 'upgrade available' : '',
    pick(t.name, locale),
    `${t.counts.entities} entities, ${t.counts.workflows} workflows, ${t.counts.dashboards} dashboards${t.demo.length ? `, demo ${t.demo.join('/')}` : ''}${t.source === 'upload' ? ' (uploaded)' : ''}`,
  ]);
  const header = ['KEY', 'VERSION', 'INSTALLED', '', 'NAME', 'CONTENTS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  if (!command) throw new UsageError('');
  await migrate(await database());
  switch (command) {
    case 'list':
      return list();
    case 'install': {
      const demo = option(args, '--demo');
      if (demo && !(DEMO_LOCALES as readonly string[]).includes(demo)) throw new UsageError(`--demo must be one of ${DEMO_LOCALES.join(', ')}`);
      const [target] = args;
      if (!target) throw new UsageError('install needs a template key or a template file');
      const actor = await installingAdmin();
      if (target.endsWith('.json')) {
        const file = parseTemplateFile(JSON.parse(await readFile(target, 'utf8')));
        printReport(await applyPack(packFromFile(file), { actor, demo: demo as DemoLocale | undefined }));
        await storeUploadedTemplate(file, actor.id);
      } else {
        printReport(await installTemplate(target, { actor, demo: demo as DemoLocale | undefined }));
      }
      return;
    }
    case 'upgrade': {
      if (!args[0]) throw new UsageError('upgrade needs a template key');
      printReport(await upgradeTemplate(args[0], { actor: await installingAdmin() }));
      return;
    }
    case 'uninstall': {
      const confirm = option(args, '--delete-records');
      if (!args[0]) throw new UsageError('uninstall needs a template key');
      const report = await uninstallTemplate(args[0], { deleteRecords: confirm !== undefined, confirm });
      console.log(`template "${report.pack}" uninstalled`);
      console.log(`  entities archived (records kept unless deleted): ${report.archivedEntities.join(', ') || '-'}`);
      console.log(`  workflows switched off: ${report.disabledWorkflows.join(', ') || '-'}`);
      console.log(`  dashboards removed: ${report.removedDashboards.join(', ') || '-'}`);
      for (const [entity, count] of Object.entries(report.deletedRecords)) console.log(`  ${entity}: ${count} records deleted`);
      console.log(`install it again to bring it back: ./salesflow template install ${report.pack}`);
      return;
    }
    case 'export': {
      const [key, target] = args;
      if (!key) throw new UsageError('export needs a template key');
      const file = await exportTemplate(key);
      const text = JSON.stringify(file, null, 2);
      if (target) {
        await writeFile(target, `${text}\n`);
        console.error(`template "${key}" v${file.manifest.version} written to ${target}`);
      } else {
        process.stdout.write(`${text}\n`);
      }
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2))
  .then(() => closeMongo())
  .catch(async (error) => {
    await closeMongo();
    if (error instanceof UsageError) {
      if (error.message) console.error(error.message);
      console.error(USAGE);
      process.exit(2);
    }
    const { status, params } = error as { status?: number; params?: { detail?: string } };
    const key = process.argv[3];
    const message = status === 404 ? `no template "${key}" in templates/ or among the uploaded template files` : (params?.detail ?? (error as Error).message);
    console.error(`template: ${message}`);
    process.exit(1);
  });
