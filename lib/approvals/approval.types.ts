import type { WorkflowEvent } from '@/lib/jobs/jobs';
import type { ApprovalLevel } from '@/lib/workflows/workflow.types';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
export type ApprovalDecision = 'approve' | 'reject' | 'return';

export interface ApprovalTrailEntry {
  at: Date;
  actorId: string;
  action: 'submitted' | 'resubmitted' | ApprovalDecision | 'withdrawn' | 'reminded' | 'escalated' | 'override';
  level: number;
  comment?: string;
  /** Who was added (escalation) or what was overridden. */
  detail?: string;
}

/**
 * One approval: a workflow's approval step on one record. Its id comes from the run and the
 * step, so a retried step finds it. Levels are decided in order; `round` counts the times it was
 * submitted (a return sends it back, the submitter submits again).
 */
export interface ApprovalDoc {
  _id: string;
  runId: string;
  /** What started the run (the job that resumes it says so again). */
  runEvent?: WorkflowEvent;
  workflowKey: string;
  stepId: string;
  entity: string;
  recordId: string;
  /** What the approvers are asked, filled in when it was submitted. */
  title: string;
  submitterId: string;
  status: ApprovalStatus;
  levels: ApprovalLevel[];
  /** The level being decided (0-based). */
  level: number;
  round: number;
  /** Field and values that show the state on the record. */
  statusField?: string;
  statusValues?: Partial<Record<ApprovalStatus, string>>;
  trail: ApprovalTrailEntry[];
  /** When the level's reminder or escalation is due (the sweep's filter). */
  dueAt: Date | null;
  dueKind: 'remind' | 'escalate' | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/**
 * One person's part in one level of one round: "waiting for me" and "done by me" are lists
 * of these, filtered on top-level fields.
 */
export interface ApprovalTaskDoc {
  /** approvalId-round-level-userId */
  _id: string;
  approvalId: string;
  userId: string;
  round: number;
  level: number;
  status: 'pending' | 'done' | 'cancelled';
  decision: ApprovalDecision | null;
  comment: string | null;
  /** Added after a timeout (an escalation). */
  escalated: boolean;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface ApprovalView {
  id: string;
  entity: string;
  recordId: string;
  title: string;
  workflowKey: string;
  submitter: { id: string; name: string };
  status: ApprovalStatus;
  level: number;
  levels: { name: string; mode: 'any' | 'all'; approvers: { id: string; name: string; decision: ApprovalDecision | null; status: ApprovalTaskDoc['status'] }[] }[];
  trail: (Omit<ApprovalTrailEntry, 'at'> & { at: string; actorName: string })[];
  /** What the asking person may do now. */
  can: { decide: boolean; withdraw: boolean; resubmit: boolean };
  createdAt: string;
  finishedAt: string | null;
}
