import type { StepOf, WorkflowAction, WorkflowActionType } from '@/lib/workflows/workflow.types';
import { approvalStep } from './approval.step';
import { assignOwnerStep } from './assign-owner.step';
import { branchStep } from './branch.step';
import { calculateStep } from './calculate.step';
import { createRecordStep } from './create-record.step';
import { emailStep } from './email.step';
import { findRecordsStep } from './find-records.step';
import { notifyStep } from './notify.step';
import { stopStep } from './stop.step';
import type { StepContext, StepKind, StepResult } from './step-context';
import { updateRecordStep } from './update-record.step';
import { upsertRecordStep } from './upsert-record.step';
import { waitStep } from './wait.step';
import { webhookStep } from './webhook.step';

/** Every kind of step, in the order the designer offers them; the compiler flags a kind without a module. */
export const STEP_KINDS: { [K in WorkflowActionType]: StepKind<K> } = {
  create_record: createRecordStep,
  update_record: updateRecordStep,
  upsert_record: upsertRecordStep,
  find_records: findRecordsStep,
  assign_owner: assignOwnerStep,
  approval: approvalStep,
  notify: notifyStep,
  email: emailStep,
  webhook: webhookStep,
  wait: waitStep,
  calculate: calculateStep,
  branch: branchStep,
  stop: stopStep,
};

export function stepKind<K extends WorkflowActionType>(type: K): StepKind<K> | undefined {
  return Object.prototype.hasOwnProperty.call(STEP_KINDS, type) ? (STEP_KINDS[type] as StepKind<K>) : undefined;
}

export function runStep(step: WorkflowAction, ctx: StepContext): Promise<StepResult> {
  const kind = stepKind(step.type);
  if (!kind) throw new Error(`step type "${step.type}" is unknown`);
  return (kind.run as (step: StepOf<WorkflowActionType>, ctx: StepContext) => Promise<StepResult>)(step, ctx);
}

/** Every step of a workflow, nested ones (a branch's) included, in order. */
export function allSteps(steps: WorkflowAction[]): WorkflowAction[] {
  return steps.flatMap((step) => {
    const kind = stepKind(step.type);
    const nested = kind?.children ? (kind.children as (s: WorkflowAction) => WorkflowAction[][])(step) : [];
    return [step, ...nested.flatMap(allSteps)];
  });
}
