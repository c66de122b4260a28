import type { JsonSchema } from '@/lib/entities/entity.types';
import type { LocalizedText } from '@/lib/i18n/locale';
import type { RecordWriteEvent } from '@/lib/records/record.events';
import type { RunStart } from '@/lib/workflows/run-start';
import type { ProblemContext } from '@/lib/workflows/steps/step-context';
import type { TriggerKindKey, WorkflowDefinition, WorkflowTrigger } from '@/lib/workflows/workflow.types';

export type TriggerOf<K extends TriggerKindKey> = Extract<WorkflowTrigger, { event: K }>;

/**
 * Everything the platform knows about one kind of trigger: its settings (schema and designer
 * form), its checks, and how it starts runs — from a record's write event, or from the
 * scheduler's periodic pass. One module per kind, listed in triggers/registry.ts.
 */
export interface TriggerKind<K extends TriggerKindKey> {
  key: K;
  label: LocalizedText;
  description: LocalizedText;
  /** Whether runs are about a record of `entity` (required), may be (optional), or never are. */
  entity: 'required' | 'optional' | 'none';
  schema: JsonSchema;
  ui: Record<string, unknown>;
  defaults(): Omit<TriggerOf<K>, 'event'>;
  problems(trigger: TriggerOf<K>, ctx: ProblemContext): string[];
  /** The run a record's write starts, or null (conditions are checked by the dispatcher). */
  onRecordEvent?(workflow: WorkflowDefinition & { trigger: TriggerOf<K> }, event: RecordWriteEvent, now: Date): RunStart | null;
  /** The scheduler's pass: starts the runs that fell due; answers how many. */
  tick?(workflow: WorkflowDefinition & { trigger: TriggerOf<K> }, now: Date): Promise<number>;
}

/** Field values the record must have (the older, simpler form of a condition). */
export function equalitiesHold(when: Record<string, unknown> | undefined, data: Record<string, unknown>): boolean {
  return Object.entries(when ?? {}).every(([field, expected]) => (data[field] ?? null) === expected);
}

/** A run id that is the same for the same workflow, record, event and record version. */
export function recordRunId(workflowKey: string, recordId: string, event: string, version: number): string {
  // BullMQ job ids may not contain ":".
  return `${workflowKey}-${recordId}-${event}-v${version}`;
}

export function entityTriggerProblems(entity: string | undefined, ctx: ProblemContext): string[] {
  if (!entity) return ['trigger: choose an entity'];
  if (!ctx.entities.has(entity) && ctx.strict) return [`trigger: there is no entity "${entity}"`];
  return [];
}
