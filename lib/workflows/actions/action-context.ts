import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import { translator, type Translate } from '@/lib/i18n/messages';
import type { WriteContext } from '@/lib/records/record.service';
import type { RecordDoc } from '@/lib/records/record.types';
import { plainData } from '@/lib/records/record.view';
import type { ExpressionScope } from '@/lib/workflows/value-expression';
import type { ActionOutput, WorkflowDefinition } from '@/lib/workflows/workflow.types';

/** What an action sees of its run. */
export interface ActionContext {
  runId: string;
  workflow: WorkflowDefinition;
  /** The entity of the record that started the run. */
  triggerEntity: string;
  trigger: RecordDoc;
  /** Results of the actions before this one. */
  output: Record<string, ActionOutput>;
  now: Date;
  /** The language of validation messages: the user's for an entity action, English for queued runs. */
  t?: Translate;
}

const english = translator('en');

/** Automations write through the record service as the automation actor. */
export function automationWrite(ctx: ActionContext): WriteContext {
  return { actor: AUTOMATION_ACTOR, t: ctx.t ?? english };
}

export function expressionScope(ctx: ActionContext, row?: Record<string, unknown>): ExpressionScope {
  const trigger = ctx.trigger;
  return {
    record: { ...plainData(trigger), id: trigger._id.toHexString(), ownerId: trigger._ownerId, createdBy: trigger._createdBy },
    row,
    actions: ctx.output,
    now: ctx.now,
  };
}

/** The rows of a trigger's sub-table a forEach walks (none when it is empty). */
export function forEachRows(ctx: ActionContext, field: string): Record<string, unknown>[] {
  const rows = ctx.trigger[field];
  return Array.isArray(rows) ? rows.filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null) : [];
}

/** The same run, action (and row) always make the same record id, so a retry cannot create twice. */
export function actionRecordId(runId: string, actionId: string, rowIndex?: number): ObjectId {
  const name = rowIndex === undefined ? `${runId}/${actionId}` : `${runId}/${actionId}/${rowIndex}`;
  return new ObjectId(createHash('sha256').update(name).digest('hex').slice(0, 24));
}

export function ownerFor(ctx: ActionContext, owner: 'trigger_owner' | 'trigger_creator' | undefined): string {
  return owner === 'trigger_creator' ? ctx.trigger._createdBy : ctx.trigger._ownerId;
}
