import type { LocalizedText } from '@/lib/i18n/locale';
import type { RecordEvent } from '@/lib/records/record.types';

/**
 * A value an action writes: a literal, a string with placeholders — {{field}} from the record
 * that triggered the run ({{id}} is its id, {{ownerId}} its owner, {{createdBy}} its creator),
 * {{row.column}} from the current sub-table row inside a forEach, {{actions.<id>}} the id of
 * the record an earlier action created or updated — or a date relative to when the action runs.
 * A string that is exactly one placeholder keeps the value's type; mixed text becomes text.
 */
export type ValueExpression = string | number | boolean | null | { daysFromNow: number };

export interface CreateRecordAction {
  id: string;
  type: 'create_record';
  entity: string;
  values: Record<string, ValueExpression>;
  /** Who owns the new record: the trigger record's owner (default) or its creator. */
  owner?: 'trigger_owner' | 'trigger_creator';
  /** A sub-table field of the trigger record: one record per row. */
  forEach?: string;
}

export interface UpdateRecordAction {
  id: string;
  type: 'update_record';
  /** "trigger", "{{actions.<id>}}" or "{{<relation field>}}" of the trigger record. */
  target: string;
  /** The target's entity; derived from the target when left out. */
  entity?: string;
  values: Record<string, ValueExpression>;
}

export interface UpsertRecordAction {
  id: string;
  type: 'upsert_record';
  entity: string;
  /** The record whose fields equal these values is updated; none found, it is created. */
  match: Record<string, ValueExpression>;
  values: Record<string, ValueExpression>;
  owner?: 'trigger_owner' | 'trigger_creator';
  forEach?: string;
}

export type WorkflowAction = CreateRecordAction | UpdateRecordAction | UpsertRecordAction;
export type WorkflowActionType = WorkflowAction['type'];
export const WORKFLOW_ACTION_TYPES: WorkflowActionType[] = ['create_record', 'update_record', 'upsert_record'];

/** What starts a run: a record event, or an entity action (a button on the record page). */
export type WorkflowEvent = RecordEvent | 'action';

export interface WorkflowTrigger {
  entity: string;
  event: WorkflowEvent;
  /** For event "action": the key of the entity action (EntityDefinition.actions). */
  action?: string;
  /** Field values the record must have for the workflow to run (all must match). */
  when?: Record<string, string | number | boolean | null>;
  /** For "updated": runs only when one of these fields changed in this write. */
  changed?: string[];
}

export interface WorkflowDefinition {
  key: string;
  version: number;
  name: LocalizedText;
  enabled: boolean;
  trigger: WorkflowTrigger;
  actions: WorkflowAction[];
  /** For action triggers: the action whose record is opened after the run. */
  result?: string;
  template?: string;
}

export type WorkflowRunStatus = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed';

/** Ids of the records an action created or updated: one, or one per row for a forEach. */
export type ActionOutput = string | string[];

export interface WorkflowRunDoc {
  /** Derived from what the run does, so a repeated event or delivery finds the same run. */
  _id: string;
  workflowKey: string;
  entity: string;
  recordId: string;
  event: WorkflowEvent;
  /** For action runs: the entity action's key. */
  action?: string;
  /** Who started an action run. */
  startedBy?: string;
  status: WorkflowRunStatus;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  /** Ids of the records each action created or updated, by action id. */
  output: Record<string, ActionOutput>;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** The BullMQ payload: only ids; the worker reads the current state from the database. */
export interface WorkflowJobData {
  runId: string;
  workflowKey: string;
  entity: string;
  recordId: string;
  event: WorkflowEvent;
}
