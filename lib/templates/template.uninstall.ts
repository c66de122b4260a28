import { collection } from '@/lib/db/collections';
import { badRequest, conflict } from '@/lib/errors/app-error';
import { listEntities, setEntityArchived } from '@/lib/entities/entity.service';
import { dropEntityRecords } from '@/lib/records/record.service';
import { forgetWorkflowTriggers } from '@/lib/workflows/workflow.dispatcher';
import type { DashboardDefinition } from '@/lib/dashboards/dashboard.types';

export interface UninstallOptions {
  /** Drops the record collections of the pack's entities; needs `confirm` to be the pack key. */
  deleteRecords?: boolean;
  confirm?: string;
}

export interface UninstallReport {
  pack: string;
  archivedEntities: string[];
  disabledWorkflows: string[];
  removedDashboards: string[];
  /** Records dropped per entity (only with deleteRecords). */
  deletedRecords: Record<string, number>;
}

/**
 * Uninstalls a pack: its entities are archived (gone from navigation and the API, records
 * kept; installing again brings them back), its workflows are switched off and its dashboards
 * removed. Records are dropped only when asked explicitly and confirmed with the pack key.
 */
export async function uninstallTemplate(key: string, options: UninstallOptions = {}): Promise<UninstallReport> {
  const installed = await collection('installedTemplates');
  const doc = await installed.findOne({ _id: key });
  if (!doc || doc.status === 'uninstalled') throw conflict(`the template "${key}" is not installed`);
  if (options.deleteRecords && options.confirm !== key) throw badRequest(`type the template key "${key}" to confirm deleting its records`);

  const entities = await collection('entities');
  const own = (await entities.find({}).toArray()).filter((entity) => entity.template === key);
  const ownKeys = new Set(own.map((entity) => entity._id));
  // Another app's entities that point here would be left with broken relations.
  const dependents = (await listEntities())
    .filter((entity) => !ownKeys.has(entity.key))
    .filter((entity) => entity.fields.flatMap((field) => [field, ...(field.fields ?? [])]).some((field) => field.type === 'relation' && ownKeys.has(field.relation?.entity ?? '')));
  if (dependents.length > 0) {
    throw conflict(`the entities ${dependents.map((entity) => entity.key).join(', ')} point to entities of "${key}": uninstall or change them first`);
  }

  const report: UninstallReport = { pack: key, archivedEntities: [], disabledWorkflows: [], removedDashboards: [], deletedRecords: {} };
  for (const entity of own) {
    if (!entity.archived) await setEntityArchived(entity._id, true);
    report.archivedEntities.push(entity._id);
  }
  const workflows = await collection('workflows');
  for (const workflow of await workflows.find({}).toArray()) {
    if (workflow.template !== key || !workflow.enabled) continue;
    await workflows.updateOne({ _id: workflow._id }, { $set: { enabled: false } });
    report.disabledWorkflows.push(workflow._id);
  }
  forgetWorkflowTriggers();
  const dashboards = await collection('dashboards');
  const removed: DashboardDefinition[] = [];
  for (const { _id, ...dashboard } of await dashboards.find({}).toArray()) {
    if (dashboard.template !== key) continue;
    await dashboards.deleteOne({ _id });
    removed.push(dashboard);
    report.removedDashboards.push(_id);
  }
  if (options.deleteRecords) {
    for (const entity of own) report.deletedRecords[entity._id] = await dropEntityRecords(entity._id);
  }
  await installed.updateOne(
    { _id: key },
    {
      $set: {
        status: 'uninstalled',
        uninstalledAt: new Date(),
        disabledWorkflows: [...(doc.disabledWorkflows ?? []), ...report.disabledWorkflows],
        removedDashboards: [...(doc.removedDashboards ?? []), ...removed],
      },
    },
  );
  return report;
}
