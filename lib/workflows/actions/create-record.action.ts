import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { AUTOMATION_ACTOR } from '@/lib/auth/permissions';
import { translator } from '@/lib/i18n/messages';
import { createRecord } from '@/lib/records/record.service';
import type { RecordDoc } from '@/lib/records/record.types';
import { recordData } from '@/lib/records/record.view';
import { evaluateValues } from '@/lib/workflows/value-expression';
import type { CreateRecordAction } from '@/lib/workflows/workflow.types';

/** The same run and action always make the same record id, so a retry cannot create twice. */
export function actionRecordId(runId: string, actionId: string): ObjectId {
  return new ObjectId(createHash('sha256').update(`${runId}/${actionId}`).digest('hex').slice(0, 24));
}

export async function runCreateRecordAction(action: CreateRecordAction, runId: string, trigger: RecordDoc): Promise<string> {
  const scope = {
    record: { ...recordData(trigger), id: trigger._id.toHexString(), ownerId: trigger._ownerId, createdBy: trigger._createdBy },
    now: new Date(),
  };
  const ownerId = action.owner === 'trigger_creator' ? trigger._createdBy : trigger._ownerId;
  const { record } = await createRecord(
    action.entity,
    evaluateValues(action.values, scope),
    { actor: AUTOMATION_ACTOR, t: translator('en') },
    { id: actionRecordId(runId, action.id), ownerId },
  );
  return record.id;
}
