import type { TriggerKindKey } from '@/lib/workflows/workflow.types';
import { dateTrigger } from './date.trigger';
import { actionTrigger, createdTrigger, deletedTrigger, updatedTrigger } from './record.triggers';
import { scheduleTrigger } from './schedule.trigger';
import type { TriggerKind } from './trigger-kind';
import { webhookTrigger } from './webhook.trigger';

/** Every kind of trigger, in the order the designer offers them; the compiler flags a kind without a module. */
export const TRIGGER_KINDS: { [K in TriggerKindKey]: TriggerKind<K> } = {
  created: createdTrigger,
  updated: updatedTrigger,
  deleted: deletedTrigger,
  action: actionTrigger,
  schedule: scheduleTrigger,
  date: dateTrigger,
  webhook: webhookTrigger,
};

export function triggerKind<K extends TriggerKindKey>(key: K): TriggerKind<K> | undefined {
  return Object.prototype.hasOwnProperty.call(TRIGGER_KINDS, key) ? (TRIGGER_KINDS[key] as TriggerKind<K>) : undefined;
}
