import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { AppError } from '@/lib/errors/app-error';
import { translator, type Translate } from '@/lib/i18n/messages';
import { pick } from '@/lib/i18n/locale';
import { listEntities } from '@/lib/entities/entity.service';
import { createRecord } from '@/lib/records/record.service';
import type { Actor } from '@/lib/users/user.types';
import type { DemoData, DemoLocale, DemoReport } from '@/lib/templates/template.types';

/** The id of a demo record: derived from pack, entity and `$id`, so loading twice creates nothing new. */
export function demoRecordId(pack: string, entity: string, localId: string): ObjectId {
  return new ObjectId(createHash('sha256').update(`${pack}/${entity}/${localId}`).digest('hex').slice(0, 24));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isRef = (value: unknown): value is { $ref: string } => isObject(value) && typeof value.$ref === 'string' && Object.keys(value).length === 1;

/** Replaces `{ $ref }` by the record id and `"$me"` by the installing admin, also inside sub-table rows. */
function resolve(value: unknown, ids: Map<string, string>, actor: Actor, where: string): unknown {
  if (value === '$me') return actor.id;
  if (isRef(value)) {
    const id = ids.get(value.$ref);
    if (!id) throw new Error(`${where}: $ref "${value.$ref}" names no demo record before it`);
    return id;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, ids, actor, where));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, ids, actor, `${where}.${key}`)]));
  return value;
}

/**
 * Why a demo record was refused, in the demo's language: the error's message (never its code,
 * such as validation_failed) and each field by its label with what is wrong with it.
 */
function errorMessage(error: unknown, t: Translate, fieldLabel: (key: string) => string): string {
  if (error instanceof AppError) {
    const fields = error.fields ? Object.entries(error.fields).map(([field, messages]) => `${fieldLabel(field)}: ${[messages].flat().join(', ')}`) : [];
    return [t(error.messageKey, error.params), ...fields].join(' ');
  }
  return (error as Error).message;
}

/**
 * Writes a pack's demo records through the record service as the installing admin. Records
 * that exist already (same derived id) are counted, not written again.
 */
export async function loadDemoData(pack: string, locale: DemoLocale, data: DemoData, actor: Actor): Promise<DemoReport> {
  const t = translator(locale);
  const report: DemoReport = { locale, created: 0, existing: 0, failed: [] };
  const definitions = new Map((await listEntities()).map((def) => [def.key, def]));
  const labelOf = (entity: string) => (key: string) => {
    // A sub-table column's error names the row too (lines.0.quantity): the labels are what people read.
    const [top, column] = key.split(/[./[\]]/).filter((part) => part !== '' && !/^\d+$/.test(part));
    const field = definitions.get(entity)?.fields.find((candidate) => candidate.key === top);
    const sub = column ? field?.fields?.find((candidate) => candidate.key === column) : undefined;
    return [field ? pick(field.label, locale) || top : key, ...(sub ? [pick(sub.label, locale) || column] : [])].join(' · ');
  };
  const ids = new Map<string, string>();
  for (const [entity, rows] of Object.entries(data)) {
    for (const row of rows) {
      const localId = String(row.$id ?? '');
      if (localId) ids.set(localId, demoRecordId(pack, entity, localId).toHexString());
    }
  }
  for (const [entity, rows] of Object.entries(data)) {
    for (const [index, row] of rows.entries()) {
      const localId = String(row.$id ?? `${index + 1}`);
      try {
        const { $id: _id, ...values } = row;
        const input = resolve(values, ids, actor, `${entity}/${localId}`) as Record<string, unknown>;
        const { created } = await createRecord(entity, input, { actor, t }, { id: demoRecordId(pack, entity, localId) });
        if (created) report.created += 1;
        else report.existing += 1;
      } catch (error) {
        const label = definitions.get(entity)?.label;
        report.failed.push({ entity, ...(label ? { label } : {}), id: localId, message: errorMessage(error, t, labelOf(entity)) });
      }
    }
  }
  return report;
}
