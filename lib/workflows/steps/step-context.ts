import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { UnrecoverableError } from 'bullmq';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import { findByIds } from '@/lib/db/by-ids';
import { recordCollection } from '@/lib/db/collections';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition, JsonSchema } from '@/lib/entities/entity.types';
import type { LocalizedText } from '@/lib/i18n/locale';
import { translator, type Translate } from '@/lib/i18n/messages';
import type { WriteContext } from '@/lib/records/record.service';
import type { RecordDoc } from '@/lib/records/record.types';
import { plainData } from '@/lib/records/record.view';
import type { ExpressionScope } from '@/lib/workflows/value-expression';
import type { WorkflowEvent } from '@/lib/jobs/jobs';
import type { ActionOutput, RowSkip, StepOf, StepTrace, WorkflowAction, WorkflowActionType, WorkflowDefinition } from '@/lib/workflows/workflow.types';

/** What a step sees of its run. */
export interface StepContext {
  runId: string;
  /** What started the run. */
  event?: WorkflowEvent;
  workflow: WorkflowDefinition;
  /** The entity of the record the run is about ('' for a run without one). */
  triggerEntity: string;
  /** The record the run is about, as it is now; null for schedule and webhook runs without one. */
  trigger: RecordDoc | null;
  /** Its values before the write that started the run (updated triggers). */
  previous?: Record<string, unknown> | null;
  /** What the steps before this one gave. */
  output: Record<string, ActionOutput>;
  vars?: Record<string, unknown>;
  payload?: unknown;
  /** How deep in a chain of automations the run is (see loop-guard.ts). */
  depth?: number;
  /** Who started the run (the person whose write or click it follows). */
  startedBy?: string;
  now: Date;
  /** The language of validation messages: the user's for an entity action, English for queued runs. */
  t?: Translate;
  /** A test run from the designer: say what would happen, change nothing. */
  dryRun?: boolean;
  /** This step's trace from an earlier attempt (its state, its attempts). */
  previousTrace?: StepTrace;
  /** Keeps something for a retry of this step (a decision made before its effect). */
  saveState?: (state: unknown) => Promise<void>;
}

/** Kept under the old name for the entity-action service. */
export type ActionContext = StepContext;

/** What running a step gives the runner. */
export type StepResult =
  | {
      output: ActionOutput;
      /** The settings as they were applied (placeholders filled): shown on the run. */
      input?: unknown;
      /** Steps to run next, before the ones after this step (a branch). */
      then?: WorkflowAction[];
      /** Ends the run here. */
      stop?: boolean;
      /** Variables to set. */
      vars?: Record<string, unknown>;
    }
  | {
      /** The run pauses here until the time (a wait) or until someone decides (an approval: null). */
      wait: { kind: 'wait' | 'approval'; until: Date | null };
      input?: unknown;
      output?: ActionOutput;
    };

/** What a definition is checked against. */
export interface ProblemContext {
  /** The entities that exist, by key (missing ones are reported only when `strict`). */
  entities: Map<string, EntityDefinition>;
  triggerEntity: EntityDefinition | null;
  /** Ids of the steps that run before this one. */
  earlier: Set<string>;
  strict: boolean;
}

/**
 * Everything the platform knows about one kind of step: the schema of its settings (which also
 * draws its form in the designer, with `ui`), its checks, and its runner. One module per kind,
 * listed in steps/registry.ts.
 */
export interface StepKind<K extends WorkflowActionType> {
  type: K;
  label: LocalizedText;
  description: LocalizedText;
  group: 'records' | 'people' | 'messages' | 'flow';
  /** JSON Schema of the settings (id and type aside). */
  schema: JsonSchema;
  /** rjsf uiSchema of the settings form (widgets from app/_components/workflows/step-widgets). */
  ui: Record<string, unknown>;
  /** Settings of a new step of this kind. */
  defaults(): Omit<StepOf<K>, 'id' | 'type'>;
  /** What is wrong with the settings, one line each. */
  problems(step: StepOf<K>, ctx: ProblemContext): string[];
  run(step: StepOf<K>, ctx: StepContext): Promise<StepResult>;
  /** Nested step lists (a branch's). */
  children?(step: StepOf<K>): WorkflowAction[][];
}

const english = translator('en');

/** Automations write through the record service as the automation actor, carrying the run. */
export function automationWrite(ctx: StepContext): WriteContext {
  // A run an entity action started writes as that action on its record (values only it may set).
  const trigger = ctx.workflow.trigger as { event?: string; action?: string };
  const viaAction =
    ctx.event === 'action' && trigger.event === 'action' && typeof trigger.action === 'string' && ctx.trigger
      ? { entity: ctx.triggerEntity, recordId: ctx.trigger._id.toHexString(), action: trigger.action }
      : undefined;
  return { actor: AUTOMATION_ACTOR, t: ctx.t ?? english, origin: { runId: ctx.runId, depth: ctx.depth ?? 0 }, ...(viaAction ? { viaAction } : {}) };
}

export function expressionScope(ctx: StepContext, row?: Record<string, unknown>): ExpressionScope {
  const trigger = ctx.trigger;
  return {
    record: { today: ctx.now.toISOString().slice(0, 10), ...(trigger ? { ...plainData(trigger), id: trigger._id.toHexString(), ownerId: trigger._ownerId, createdBy: trigger._createdBy, updatedBy: trigger._updatedBy } : {}) },
    old: ctx.previous ?? null,
    row,
    actions: ctx.output,
    vars: ctx.vars ?? {},
    payload: ctx.payload,
    now: ctx.now,
  };
}

/** The rows of a trigger's sub-table a forEach walks (none when it is empty). */
export function forEachRows(ctx: StepContext, field: string): Record<string, unknown>[] {
  const rows = ctx.trigger?.[field];
  return Array.isArray(rows) ? rows.filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null) : [];
}

/**
 * The rows a forEach walks, each with its place in the sub-table (the ids a step makes come
 * from it, so passing rows over never renumbers the others): rows whose linked record matches
 * `skip` are left out, looked up in one query.
 */
export async function forEachRowsKept(ctx: StepContext, field: string, skip: RowSkip | undefined): Promise<{ index: number; row: Record<string, unknown> }[]> {
  const rows = forEachRows(ctx, field).map((row, index) => ({ index, row }));
  if (!skip || rows.length === 0) return rows;
  const target = (await getEntity(ctx.triggerEntity)).fields.find((candidate) => candidate.key === field)?.fields?.find((column) => column.key === skip.column)?.relation?.entity;
  if (!target) throw new UnrecoverableError(`skipRowsWhere: "${skip.column}" is not a relation column of ${field}`);
  const ids = [...new Set(rows.map(({ row }) => row[skip.column]).filter((id): id is string => typeof id === 'string' && ObjectId.isValid(id)))];
  const linked = await findByIds(await recordCollection(target), ids.map((id) => new ObjectId(id)), { [skip.field]: 1 });
  const skipped = new Set(linked.filter((doc) => skip.in.some((value) => value === doc[skip.field])).map((doc) => doc._id.toHexString()));
  return rows.filter(({ row }) => !skipped.has(String(row[skip.column])));
}

/** What is wrong with a step's skipRowsWhere: it needs forEach, a relation column of that sub-table and a field of the linked entity. */
export function rowSkipProblems(step: { forEach?: string; skipRowsWhere?: RowSkip }, ctx: ProblemContext, where: string): string[] {
  const skip = step.skipRowsWhere as unknown;
  if (skip === undefined) return [];
  const shape = typeof skip === 'object' && skip !== null ? (skip as Record<string, unknown>) : null;
  if (!shape || typeof shape.column !== 'string' || typeof shape.field !== 'string' || !Array.isArray(shape.in) || !shape.in.every((value) => ['string', 'number', 'boolean'].includes(typeof value))) {
    return [`${where}: skipRowsWhere needs a column, a field and an "in" list of values`];
  }
  if (!step.forEach) return [`${where}: skipRowsWhere passes over rows of a forEach; set forEach`];
  const column = ctx.triggerEntity?.fields.find((candidate) => candidate.key === step.forEach)?.fields?.find((candidate) => candidate.key === shape.column);
  if (ctx.triggerEntity && column?.type !== 'relation') return [`${where}: skipRowsWhere: "${String(shape.column)}" is not a relation column of ${step.forEach}`];
  const linked = column?.relation ? ctx.entities.get(column.relation.entity) : undefined;
  if (linked && !linked.fields.some((candidate) => candidate.key === shape.field)) return [`${where}: skipRowsWhere: "${String(shape.field)}" is not a field of ${linked.key}`];
  return [];
}

/** The same run, step (and row) always make the same id, so a retry cannot create twice. */
export function actionRecordId(runId: string, actionId: string, rowIndex?: number): ObjectId {
  const name = rowIndex === undefined ? `${runId}/${actionId}` : `${runId}/${actionId}/${rowIndex}`;
  return new ObjectId(createHash('sha256').update(name).digest('hex').slice(0, 24));
}

/** A derived id for any effect of a step (a notification, an email, a delivery). */
export function effectId(runId: string, stepId: string, ...parts: string[]): string {
  return createHash('sha256').update([runId, stepId, ...parts].join('/')).digest('hex').slice(0, 32);
}

export function ownerFor(ctx: StepContext, owner: 'trigger_owner' | 'trigger_creator' | undefined): string {
  if (!ctx.trigger) return AUTOMATION_ACTOR.id;
  return owner === 'trigger_creator' ? ctx.trigger._createdBy : ctx.trigger._ownerId;
}

/** The person a run acts for: who made the write (or click) that started it, else the record's owner. */
export function submitterOf(ctx: StepContext): string | null {
  const candidates = [ctx.startedBy, ctx.trigger?._updatedBy, ctx.trigger?._createdBy, ctx.trigger?._ownerId];
  return candidates.find((id): id is string => typeof id === 'string' && id !== '' && id !== AUTOMATION_ACTOR.id) ?? null;
}

/** Checks that an entity exists (strictly) and answers its definition when it does. */
export function entityProblem(key: string | undefined, ctx: ProblemContext, where: string): { def: EntityDefinition | null; problems: string[] } {
  if (!key) return { def: null, problems: [`${where}: choose an entity`] };
  const def = ctx.entities.get(key) ?? null;
  return { def, problems: !def && ctx.strict ? [`${where}: there is no entity "${key}"`] : [] };
}

/** Checks value keys against the entity's fields. */
export function valueFieldProblems(values: Record<string, unknown> | undefined, def: EntityDefinition | null, where: string): string[] {
  if (values === undefined) return [];
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return [`${where}: values must be an object`];
  if (!def) return [];
  const keys = new Set(def.fields.map((field) => field.key));
  return Object.keys(values)
    .filter((key) => !keys.has(key))
    .map((key) => `${where}: "${key}" is not a field of ${def.key}`);
}
