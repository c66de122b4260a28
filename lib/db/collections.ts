import type { Collection, Document } from 'mongodb';
import { database } from '@/lib/db/mongo';
import type { UserDoc } from '@/lib/users/user.types';
import type { ApiTokenDoc } from '@/lib/auth/api-token.types';
import type { SessionDoc } from '@/lib/auth/sessions';
import type { ApiTokenUsageDoc } from '@/lib/auth/api-token.types';
import type { DepartmentDoc, RoleDoc } from '@/lib/permissions/permission.types';
import type { AuditEventDoc } from '@/lib/audit/audit.types';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { WorkflowDefinition, WorkflowRunDoc } from '@/lib/workflows/workflow.types';
import type { DashboardDefinition } from '@/lib/dashboards/dashboard.types';
import type { InstalledTemplateDoc, UploadedTemplateDoc } from '@/lib/templates/template.types';
import type { AuditEntryDoc, RecordDoc } from '@/lib/records/record.types';
import type { EntityVersionDoc } from '@/lib/entities/entity.versions';
import type { SavedViewDoc } from '@/lib/views/view.service';
import type { AttachmentDoc } from '@/lib/attachments/attachment.service';
import type { UniqueValueDoc } from '@/lib/records/unique-values';
import type { AutoNumberDoc } from '@/lib/records/auto-number';
import type { ImportDoc, ImportUpdateDoc } from '@/lib/imports/import.types';
import type { WriteIntentDoc } from '@/lib/records/write-intents';
import type { RecordLockDoc } from '@/lib/records/record.locks';
import type { NotificationDoc, UserSettingsDoc } from '@/lib/notifications/notification.types';
import type { EmailDoc } from '@/lib/mail/mailer';
import type { ApprovalDoc, ApprovalTaskDoc } from '@/lib/approvals/approval.types';
import type { PublicFormCounterDoc, PublicFormDoc, PublicFormVersionDoc } from '@/lib/public-forms/public-form.types';
import type { WebhookDeliveryDoc, WorkflowCounterDoc, WorkflowScheduleStateDoc, WorkflowSecretDoc, WorkflowVersionDoc } from '@/lib/workflows/workflow.store-types';

type Stored<T> = T & { _id: string };

/** Every collection the platform owns, by name and document type. */
const names = {
  users: 'users',
  apiTokens: 'api_tokens',
  apiTokenUsage: 'api_token_usage',
  sessions: 'sessions',
  roles: 'roles',
  departments: 'departments',
  auditEvents: 'audit_events',
  entities: 'entities',
  workflows: 'workflows',
  workflowRuns: 'workflow_runs',
  dashboards: 'dashboards',
  installedTemplates: 'installed_templates',
  uploadedTemplates: 'uploaded_templates',
  auditLog: 'audit_log',
  migrations: 'migrations',
  entityDrafts: 'entity_drafts',
  entityVersions: 'entity_versions',
  views: 'views',
  attachments: 'attachments',
  uniqueValues: 'unique_values',
  autoNumbers: 'auto_numbers',
  imports: 'imports',
  importUpdates: 'import_updates',
  writeIntents: 'write_intents',
  heartbeats: 'heartbeats',
  recordLocks: 'record_locks',
  notifications: 'notifications',
  userSettings: 'user_settings',
  emails: 'emails',
  approvals: 'approvals',
  approvalTasks: 'approval_tasks',
  workflowVersions: 'workflow_versions',
  workflowSecrets: 'workflow_secrets',
  webhookDeliveries: 'webhook_deliveries',
  workflowScheduleState: 'workflow_schedule_state',
  workflowCounters: 'workflow_counters',
  publicForms: 'public_forms',
  publicFormVersions: 'public_form_versions',
  publicFormCounters: 'public_form_counters',
} as const;

interface CollectionTypes {
  users: UserDoc;
  apiTokens: ApiTokenDoc;
  apiTokenUsage: ApiTokenUsageDoc;
  sessions: SessionDoc;
  roles: RoleDoc;
  departments: DepartmentDoc;
  auditEvents: AuditEventDoc;
  entities: Stored<EntityDefinition>;
  workflows: Stored<WorkflowDefinition>;
  workflowRuns: WorkflowRunDoc;
  dashboards: Stored<DashboardDefinition>;
  installedTemplates: InstalledTemplateDoc;
  uploadedTemplates: UploadedTemplateDoc;
  auditLog: AuditEntryDoc;
  migrations: { _id: string; appliedAt: Date };
  entityDrafts: Stored<EntityDefinition> & { savedAt: Date; savedBy: string };
  entityVersions: EntityVersionDoc;
  views: SavedViewDoc;
  attachments: AttachmentDoc;
  uniqueValues: UniqueValueDoc;
  autoNumbers: AutoNumberDoc;
  imports: ImportDoc;
  importUpdates: ImportUpdateDoc;
  writeIntents: WriteIntentDoc;
  heartbeats: { _id: string; service: string; at: Date };
  recordLocks: RecordLockDoc;
  notifications: NotificationDoc;
  userSettings: UserSettingsDoc;
  emails: EmailDoc;
  approvals: ApprovalDoc;
  approvalTasks: ApprovalTaskDoc;
  workflowVersions: WorkflowVersionDoc;
  workflowSecrets: WorkflowSecretDoc;
  webhookDeliveries: WebhookDeliveryDoc;
  workflowScheduleState: WorkflowScheduleStateDoc;
  workflowCounters: WorkflowCounterDoc;
  publicForms: PublicFormDoc;
  publicFormVersions: PublicFormVersionDoc;
  publicFormCounters: PublicFormCounterDoc;
}

export async function collection<K extends keyof CollectionTypes>(name: K): Promise<Collection<CollectionTypes[K]>> {
  return (await database()).collection<CollectionTypes[K]>(names[name]);
}

/** Records of one entity live in a collection of their own, so each entity gets its own indexes. */
export function recordCollectionName(entityKey: string): string {
  return `rec_${entityKey}`;
}

export async function recordCollection(entityKey: string): Promise<Collection<RecordDoc>> {
  return (await database()).collection<RecordDoc>(recordCollectionName(entityKey));
}

export type { Document };
