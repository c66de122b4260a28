import type { FilterOperator } from '@/lib/fields/field.types';
import type { LocalizedText } from '@/lib/i18n/locale';
import type { PeopleSpec } from '@/lib/users/people';
import type { WorkflowEvent } from '@/lib/jobs/jobs';
export type { WorkflowEvent, WorkflowJobData } from '@/lib/jobs/jobs';

/**
 * A value a step writes: a literal, a string with placeholders, or a date relative to when the
 * step runs. Placeholders: {{field}} of the record the run is about ({{id}}, {{ownerId}},
 * {{createdBy}}), {{old.field}} its value before an update, {{row.column}} inside a forEach,
 * {{steps.<id>}} / {{steps.<id>.<key>}} what an earlier step gave ({{actions.<id>}} is the same),
 * {{vars.<name>}} a calculated variable, {{payload.<key>}} an inbound webhook's body. A string
 * that is exactly one placeholder keeps the value's type; mixed text becomes text.
 */
export type ValueExpression = string | number | boolean | null | { daysFromNow: number };

/** One condition of the filter builder, over the run's scope: a field, "old.<field>", "steps.<id>.<key>" or "vars.<name>". */
export interface WorkflowCondition {
  field: string;
  op: FilterOperator;
  value?: unknown;
}

export interface ConditionGroup {
  match: 'all' | 'any';
  conditions: WorkflowCondition[];
}

// ------------------------------------------------------------------------------ triggers -----

/** Field values the record must have (all must match); the conditions builder is the general form. */
type Equalities = Record<string, string | number | boolean | null>;

export interface CreatedTrigger {
  event: 'created';
  entity: string;
  when?: Equalities;
}

export interface UpdatedTrigger {
  event: 'updated';
  entity: string;
  when?: Equalities;
  /** Runs only when one of these fields changed in this write. */
  changed?: string[];
}

export interface DeletedTrigger {
  event: 'deleted';
  entity: string;
  when?: Equalities;
}

/** A button on the record page (EntityDefinition.actions) that runs the workflow at once. */
export interface ActionTrigger {
  event: 'action';
  entity: string;
  action: string;
}

export interface ScheduleSpec {
  frequency: 'daily' | 'weekly' | 'monthly';
  /** Local time "HH:mm" in the time zone. */
  time: string;
  /** For weekly: ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays?: number[];
  /** For monthly: the day of the month; a month without it uses its last day. */
  monthDay?: number;
  /** An IANA zone, e.g. "Asia/Shanghai". */
  timezone: string;
}

/** At set times; with an entity, one run per record the filter selects, else one run. */
export interface ScheduleTrigger {
  event: 'schedule';
  schedule: ScheduleSpec;
  entity?: string;
  filter?: ConditionGroup;
}

/** At a time relative to a date field of each record; when the date changes, so does the moment. */
export interface DateTrigger {
  event: 'date';
  entity: string;
  field: string;
  /** Days from the date: -3 is three days before. */
  offsetDays: number;
  /** Local time "HH:mm". */
  time: string;
  timezone: string;
}

/** POST /api/hooks/<workflow key>, signed with the workflow's secret; the body is {{payload}}. */
export interface WebhookTrigger {
  event: 'webhook';
  /** The entity its steps mostly write (shown in the designer; optional). */
  entity?: string;
}

export type WorkflowTrigger = CreatedTrigger | UpdatedTrigger | DeletedTrigger | ActionTrigger | ScheduleTrigger | DateTrigger | WebhookTrigger;
export type TriggerKindKey = WorkflowTrigger['event'];
export const TRIGGER_KIND_KEYS: TriggerKindKey[] = ['created', 'updated', 'deleted', 'action', 'schedule', 'date', 'webhook'];

// --------------------------------------------------------------------------------- steps -----

interface StepBase {
  id: string;
  /** What the designer shows on the step's card (defaults to the kind's name). */
  name?: string;
}

export interface CreateRecordAction extends StepBase {
  type: 'create_record';
  entity: string;
  values: Record<string, ValueExpression>;
  /** Who owns the new record: the trigger record's owner (default) or its creator. */
  owner?: 'trigger_owner' | 'trigger_creator';
  /** A sub-table field of the trigger record: one record per row. */
  forEach?: string;
  /** With forEach: rows whose linked record's field holds one of these values are passed over (a service has no stock). */
  skipRowsWhere?: RowSkip;
}

export interface UpdateRecordAction extends StepBase {
  type: 'update_record';
  /** "trigger", "{{steps.<id>}}" or "{{<relation field>}}" of the trigger record. */
  target: string;
  /** The target's entity; derived from the target when left out. */
  entity?: string;
  values: Record<string, ValueExpression>;
}

export interface UpsertRecordAction extends StepBase {
  type: 'upsert_record';
  entity: string;
  /** The record whose fields equal these values is updated; none found, it is created. */
  match: Record<string, ValueExpression>;
  values: Record<string, ValueExpression>;
  owner?: 'trigger_owner' | 'trigger_creator';
  forEach?: string;
  skipRowsWhere?: RowSkip;
}

/**
 * Rows of a forEach passed over: those whose `column` (a relation column of the sub-table)
 * links a record whose `field` holds one of the values `in`.
 */
export interface RowSkip {
  column: string;
  field: string;
  in: (string | number | boolean)[];
}

/** Finds records for later steps: gives { ids, count, first }. */
export interface FindRecordsStep extends StepBase {
  type: 'find_records';
  entity: string;
  filter?: ConditionGroup;
  sort?: { field: string; direction: 'asc' | 'desc' };
  limit?: number;
}

export type { PeopleSpec };

export interface AssignOwnerStep extends StepBase {
  type: 'assign_owner';
  /** "trigger" or "{{steps.<id>}}". */
  target: string;
  entity?: string;
  mode: 'fixed' | 'round_robin' | 'least_loaded';
  /** fixed: this user; the others choose among these people. */
  people: PeopleSpec;
  /** least_loaded counts the records of the entity each one owns that match this (e.g. open ones). */
  loadFilter?: ConditionGroup;
}

export interface NotifyStep extends StepBase {
  type: 'notify';
  recipients: PeopleSpec[];
  /** Templated text (placeholders as in values). */
  title: string;
  message?: string;
}

export interface EmailStep extends StepBase {
  type: 'email';
  recipients: PeopleSpec[];
  /** Further addresses, templated ("{{email}}"). */
  addresses?: string[];
  subject: string;
  body: string;
}

export interface WebhookStep extends StepBase {
  type: 'webhook';
  url: string;
  method?: 'POST' | 'PUT';
  /** Templated values sent as the JSON body; left out, the record is sent. */
  body?: Record<string, ValueExpression>;
}

export interface WaitStep extends StepBase {
  type: 'wait';
  /** A duration, or until a date/date-time field of the record (plus an offset). */
  mode: 'duration' | 'until_field';
  minutes?: number;
  field?: string;
  offsetMinutes?: number;
}

/** A formula of the formula language over the record and variables, kept as {{vars.<variable>}}. */
export interface CalculateStep extends StepBase {
  type: 'calculate';
  variable: string;
  formula: string;
}

export interface ApprovalLevel {
  name?: string;
  approvers: Exclude<PeopleSpec, { type: 'owner' } | { type: 'owner_manager' }>;
  /** "any": one approval decides; "all": every approver must approve. A rejection always decides. */
  mode: 'any' | 'all';
  /** Remind the approvers after this many hours without a decision. */
  remindAfterHours?: number;
  /** After this many hours, their managers are added as approvers (and told). */
  escalateAfterHours?: number;
}

export interface ApprovalStep extends StepBase {
  type: 'approval';
  /** What the approvers are asked (templated). */
  title: string;
  levels: ApprovalLevel[];
  /** A select field of the record that shows where the approval stands. */
  statusField?: string;
  statusValues?: Partial<Record<'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn', string>>;
}

export interface Branch {
  name?: string;
  condition: ConditionGroup;
  actions: WorkflowAction[];
}

/** if / else if / else: the first branch whose condition holds runs; `otherwise` when none does. */
export interface BranchStep extends StepBase {
  type: 'branch';
  branches: Branch[];
  otherwise?: WorkflowAction[];
}

/** Ends the run here (successfully), e.g. at the end of a branch. */
export interface StopStep extends StepBase {
  type: 'stop';
  reason?: string;
}

/** A step of a workflow ("action" in definitions written before steps had kinds of their own). */
export type WorkflowAction =
  | CreateRecordAction
  | UpdateRecordAction
  | UpsertRecordAction
  | FindRecordsStep
  | AssignOwnerStep
  | NotifyStep
  | EmailStep
  | WebhookStep
  | WaitStep
  | CalculateStep
  | ApprovalStep
  | BranchStep
  | StopStep;
export type WorkflowActionType = WorkflowAction['type'];
export type StepOf<K extends WorkflowActionType> = Extract<WorkflowAction, { type: K }>;
export const WORKFLOW_ACTION_TYPES: WorkflowActionType[] = [
  'create_record',
  'update_record',
  'upsert_record',
  'find_records',
  'assign_owner',
  'notify',
  'email',
  'webhook',
  'wait',
  'calculate',
  'approval',
  'branch',
  'stop',
];

export interface WorkflowDefinition {
  key: string;
  /** Counts publications; runs keep the version they started with. */
  version: number;
  name: LocalizedText;
  description?: LocalizedText;
  enabled: boolean;
  trigger: WorkflowTrigger;
  /** Checked before a run starts: a run starts only when it holds. */
  condition?: ConditionGroup;
  /** The steps, in order. */
  actions: WorkflowAction[];
  /** For action triggers: the step whose record is opened after the run. */
  result?: string;
  template?: string;
}

export type WorkflowRunStatus = 'queued' | 'running' | 'retrying' | 'waiting' | 'succeeded' | 'failed' | 'refused';

/** What a step gave: record ids for record steps, anything JSON for the others. */
export type ActionOutput = unknown;

export interface StepTrace {
  status: 'running' | 'waiting' | 'done' | 'failed';
  /** The step's settings with the placeholders filled in. */
  input?: unknown;
  output?: unknown;
  /** What a step keeps between attempts (a decision made before its effect). */
  state?: unknown;
  error?: string | null;
  attempts: number;
  startedAt: Date;
  finishedAt?: Date | null;
}

export interface WorkflowRunDoc {
  /** Derived from what the run does, so a repeated event or delivery finds the same run. */
  _id: string;
  workflowKey: string;
  /** The version of the workflow the run follows to its end. */
  workflowVersion?: number;
  entity: string;
  recordId: string;
  event: WorkflowEvent;
  /** For action runs: the entity action's key. */
  action?: string;
  /** Who started the run: the person whose write or click it follows. */
  startedBy?: string;
  /** How many automations led to this one (0: a person's write); see loop-guard.ts. */
  depth?: number;
  status: WorkflowRunStatus;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  /** What each step gave, by step id. */
  output: Record<string, ActionOutput>;
  /** Each step's input, output and timing, by step id. */
  steps?: Record<string, StepTrace>;
  /** Variables set by calculate steps. */
  vars?: Record<string, unknown>;
  /** The body of an inbound webhook. */
  payload?: unknown;
  /** The record's values before the write that started the run (updated triggers). */
  previous?: Record<string, unknown> | null;
  /** While waiting: the step, and when to look again (a wait's end, or null for an approval). */
  waitingOn?: { stepId: string; kind: 'wait' | 'approval' } | null;
  wakeAt?: Date | null;
  /** Held by the worker running it until then (another worker leaves it alone). */
  leaseUntil?: Date | null;
  leaseOwner?: string;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}
