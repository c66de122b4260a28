import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { createRecord, updateRecord } from '@/lib/records/record.service';
import { normaliseValue } from '@/lib/records/record.validation';
import { liveRecords } from '@/lib/records/record.filter';
import { evaluateValues } from '@/lib/workflows/value-expression';
import type { ActionOutput, UpsertRecordAction } from '@/lib/workflows/workflow.types';
import { actionRecordId, automationWrite, expressionScope, forEachRows, ownerFor, type ActionContext } from './action-context';

/** The match values as stored (a trimmed text, a rounded number), so equal means equal. */
function storedMatch(def: EntityDefinition, match: Record<string, unknown>): Record<string, unknown> {
  const byKey = new Map(def.fields.map((field) => [field.key, field]));
  return Object.fromEntries(
    Object.entries(match).map(([key, value]) => {
      const field = byKey.get(key);
      return [key, (field ? normaliseValue(field, value) : value) ?? null];
    }),
  );
}

/** Two runs that upsert the same match at once create the same id, so only one record appears. */
function matchRecordId(entity: string, match: Record<string, unknown>): ObjectId {
  const canonical = JSON.stringify(Object.keys(match).sort().map((key) => [key, match[key]]));
  return new ObjectId(createHash('sha256').update(`upsert/${entity}/${canonical}`).digest('hex').slice(0, 24));
}

/** Finds the record whose fields equal `match` and merges `values` into it; creates it when there is none. */
export async function runUpsertRecordAction(action: UpsertRecordAction, ctx: ActionContext): Promise<ActionOutput> {
  const def = await getEntity(action.entity);
  const records = await recordCollection(action.entity);
  const upsert = async (rowIndex?: number, row?: Record<string, unknown>) => {
    const scope = expressionScope(ctx, row);
    const match = storedMatch(def, evaluateValues(action.match, scope));
    const values = evaluateValues(action.values, scope);
    const found = await records.findOne({ ...match, ...liveRecords() }, { projection: { _id: 1 } });
    if (!found) {
      const options = { ownerId: ownerFor(ctx, action.owner) };
      let result = await createRecord(action.entity, { ...match, ...values }, automationWrite(ctx), { ...options, id: matchRecordId(action.entity, match) });
      // That id is taken by a record since deleted: this run's own id then.
      if (!result.created && result.record.deletedAt) {
        result = await createRecord(action.entity, { ...match, ...values }, automationWrite(ctx), { ...options, id: actionRecordId(ctx.runId, action.id, rowIndex) });
      }
      if (result.created || Object.keys(values).length === 0) return result.record.id;
      return (await updateRecord(action.entity, result.record.id, values, automationWrite(ctx), 'merge')).id;
    }
    if (Object.keys(values).length === 0) return found._id.toHexString();
    return (await updateRecord(action.entity, found._id.toHexString(), values, automationWrite(ctx), 'merge')).id;
  };
  if (!action.forEach) return upsert();
  const ids: string[] = [];
  const rows = forEachRows(ctx, action.forEach);
  for (let index = 0; index < rows.length; index++) ids.push(await upsert(index, rows[index]));
  return ids;
}
