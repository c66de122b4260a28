import type { LocalizedText } from '@/lib/i18n/locale';
import type { RecordEvent } from '@/lib/records/record.types';

/**
 * A value an action writes: a literal, a string with {{field}} placeholders filled from the
 * record that triggered the run ({{id}} is its id, {{ownerId}} its owner), or a date relative
 * to when the action runs.
 */
export type ValueExpression = string | number | boolean | null | { daysFromNow: number };

export interface CreateRecordAction {
  id: string;
  type: 'create_record';
  entity: string;
  values: Record<string, ValueExpression>;
  /** Who owns the new record: the trigger record's owner (default) or its creator. */
  owner?: 'trigger_owner' | 'trigger_creator';
}

export type WorkflowAction = CreateRecordAction;

export interface WorkflowTrigger {
  entity: string;
  event: RecordEvent;
  /** Field values the record must have for the workflow to run (all must match). */
  when?: Record<string, string | number | boolean | null>;
}

export interface WorkflowDefinition {
  key: string;
  version: number;
  name: LocalizedText;
  enabled: boolean;
  trigger: WorkflowTrigger;
  actions: WorkflowAction[];
  template?: string;
}

export type WorkflowRunStatus = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed';

export interface WorkflowRunDoc {
  /** Derived from what the run does, so a repeated event or delivery finds the same run. */
  _id: string;
  workflowKey: string;
  entity: string;
  recordId: string;
  event: RecordEvent;
  status: WorkflowRunStatus;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  /** Ids of the records each action created, by action id. */
  output: Record<string, string>;
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
  event: RecordEvent;
}
