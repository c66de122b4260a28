import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';

/** Every published version of a workflow: a run follows the version it started with. */
export interface WorkflowVersionDoc {
  /** key@version */
  _id: string;
  key: string;
  version: number;
  definition: WorkflowDefinition;
  publishedAt: Date;
  publishedBy: string;
}

/** The secret that signs a workflow's inbound and outbound webhooks (kept out of the definition, so exports carry none). */
export interface WorkflowSecretDoc {
  _id: string;
  secret: string;
  createdAt: Date;
}

/** One outbound webhook call of a step, with every attempt and the answer. */
export interface WebhookDeliveryDoc {
  /** Derived from run and step: also sent as X-Salesflow-Delivery so a receiver can drop repeats. */
  _id: string;
  runId: string;
  stepId: string;
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: { at: Date; status: number | null; body: string; error: string | null; ms: number }[];
  response: { status: number; body: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** How far a schedule or date trigger has fired, so the tick knows where to go on. */
export interface WorkflowScheduleStateDoc {
  _id: string;
  /** Schedules: the last slot fired (its local id). */
  lastSlot?: string;
  /** Date reminders: the last local day whose reminders were all started. */
  doneThrough?: string;
  updatedAt: Date;
}

/** A rotating counter (round-robin assignment). */
export interface WorkflowCounterDoc {
  _id: string;
  value: number;
}
