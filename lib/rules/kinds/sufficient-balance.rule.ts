import { ObjectId } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import { findByIds } from '@/lib/db/by-ids';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { Decimal, toDecimal } from '@/lib/fields/decimal';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { isObject } from '@/lib/fields/settings-checks';
import { pick } from '@/lib/i18n/locale';
import { liveRecords } from '@/lib/records/record.filter';
import type { RecordRuleKind, RuleValue, SufficientBalanceRule } from '@/lib/rules/rule.types';

const NUMERIC = new Set(['number', 'formula', 'rollup', 'money', 'percent']);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isRuleValue = (value: unknown): value is RuleValue => ['string', 'number', 'boolean'].includes(typeof value);

function field(def: EntityDefinition, key: string): FieldDefinition | undefined {
  return def.fields.find((candidate) => candidate.key === key);
}

/** The shape of the rule and the fields it reads in its own entity. */
function problems(rule: SufficientBalanceRule, def: EntityDefinition, where: string): string[] {
  const out: string[] = [];
  if (!isObject(rule.label) || (!rule.label['zh-CN'] && !rule.label.en)) out.push(`${where}: needs a label`);
  const when = rule.when as unknown;
  if (!isObject(when) || !isText(when.field) || !Array.isArray(when.becomes) || when.becomes.length === 0) out.push(`${where}: "when" needs a field and the values it "becomes"`);
  else {
    const trigger = field(def, when.field);
    if (trigger?.type !== 'select') out.push(`${where}: "when" must name a single select field, not "${when.field}"`);
    else for (const value of when.becomes as unknown[]) if (!trigger.options?.some((option) => option.value === value)) out.push(`${where}: "${String(value)}" is not an option of ${when.field}`);
  }
  const lines = isText(rule.lines) ? field(def, rule.lines) : undefined;
  if (lines?.type !== 'subtable') out.push(`${where}: "lines" must name a sub-table field`);
  else {
    const column = (key: unknown) => (isText(key) ? lines.fields?.find((candidate) => candidate.key === key) : undefined);
    if (column(rule.item)?.type !== 'relation') out.push(`${where}: "item" must name a relation column of ${lines.key}`);
    const quantity = column(rule.quantity);
    if (!quantity || !NUMERIC.has(quantity.type)) out.push(`${where}: "quantity" must name a number column of ${lines.key}`);
  }
  if (!isText(rule.place) || field(def, rule.place)?.type !== 'relation') out.push(`${where}: "place" must name a relation field`);
  const ledger = rule.ledger as unknown;
  if (!isObject(ledger) || !['entity', 'item', 'place', 'amount'].every((key) => isText(ledger[key]))) out.push(`${where}: "ledger" needs entity, item, place and amount`);
  if (rule.skipItemsWhere !== undefined) {
    const skip = rule.skipItemsWhere as unknown;
    if (!isObject(skip) || !isText(skip.field) || !Array.isArray(skip.in) || !skip.in.every(isRuleValue)) out.push(`${where}: "skipItemsWhere" needs a field and an "in" list of values`);
  }
  if (rule.onShortage !== undefined && rule.onShortage !== 'refuse' && rule.onShortage !== 'warn') out.push(`${where}: onShortage must be "refuse" or "warn"`);
  return out;
}

/** The item entity (from the lines' item column), the ledger entity and their fields exist and fit. */
async function referenceProblems(rule: SufficientBalanceRule, def: EntityDefinition, findEntity: (key: string) => Promise<EntityDefinition | null>, where: string): Promise<string[]> {
  const out: string[] = [];
  const itemEntity = field(def, rule.lines)?.fields?.find((column) => column.key === rule.item)?.relation?.entity;
  const items = itemEntity ? (itemEntity === def.key ? def : await findEntity(itemEntity)) : null;
  if (rule.skipItemsWhere && items && !field(items, rule.skipItemsWhere.field)) out.push(`${where}: skipItemsWhere reads "${rule.skipItemsWhere.field}", which is not a field of ${items.key}`);
  const ledger = await findEntity(rule.ledger.entity);
  if (!ledger) return [...out, `${where}: the ledger entity "${rule.ledger.entity}" does not exist`];
  for (const [role, key] of [['item', rule.ledger.item], ['place', rule.ledger.place]] as const) {
    if (field(ledger, key)?.type !== 'relation') out.push(`${where}: the ledger's ${role} "${key}" must be a relation field of ${ledger.key}`);
  }
  const amount = field(ledger, rule.ledger.amount);
  if (!amount || !NUMERIC.has(amount.type)) out.push(`${where}: the ledger's amount "${rule.ledger.amount}" must be a number field of ${ledger.key}`);
  return out;
}

const idOf = (value: unknown) => (typeof value === 'string' && ObjectId.isValid(value) ? value : null);
const text = (decimal: Decimal) => decimal.toDecimalPlaces(6).toString();

export const sufficientBalanceRule: RecordRuleKind<SufficientBalanceRule> = {
  kind: 'sufficient_balance',
  problems,
  referenceProblems,
  async check(rule, { def, before, data, t, loadEntity }) {
    const to = data[rule.when.field];
    // Only the change into the value takes the quantities out (what the workflows that follow it do).
    if (!before || before[rule.when.field] === to || typeof to !== 'string' || !rule.when.becomes.includes(to)) return null;
    const place = idOf(data[rule.place]);
    const rows = Array.isArray(data[rule.lines]) ? (data[rule.lines] as Record<string, unknown>[]) : [];
    if (!place || rows.length === 0) return null;
    const needed = new Map<string, Decimal>();
    for (const row of rows) {
      const item = idOf(row?.[rule.item]);
      const quantity = toDecimal(row?.[rule.quantity]);
      if (item && quantity) needed.set(item, (needed.get(item) ?? new Decimal(0)).plus(quantity));
    }
    if (needed.size === 0) return null;
    const itemEntity = field(def, rule.lines)?.fields?.find((column) => column.key === rule.item)?.relation?.entity;
    const [items, ledger, places] = await Promise.all([loadEntity(itemEntity ?? ''), loadEntity(rule.ledger.entity), loadEntity(field(def, rule.place)?.relation?.entity ?? '')]);
    const itemDocs = await findByIds(await recordCollection(items.key), [...needed.keys()].map((id) => new ObjectId(id)), { [items.displayField]: 1, ...(rule.skipItemsWhere ? { [rule.skipItemsWhere.field]: 1 } : {}) });
    const names = new Map(itemDocs.map((doc) => [doc._id.toHexString(), String(doc[items.displayField] ?? doc._id.toHexString())]));
    // A service is not kept in stock: nothing to take out, nothing to check.
    const skip = rule.skipItemsWhere;
    for (const doc of itemDocs) if (skip && skip.in.some((value) => value === doc[skip.field])) needed.delete(doc._id.toHexString());
    if (needed.size === 0) return null;
    const onHand = new Map<string, Decimal>();
    const entries = (await recordCollection(ledger.key))
      .find({ ...liveRecords(), [rule.ledger.place]: place, [rule.ledger.item]: { $in: [...needed.keys()] } }, { projection: { [rule.ledger.item]: 1, [rule.ledger.amount]: 1 } });
    for await (const entry of entries) {
      const item = String(entry[rule.ledger.item]);
      onHand.set(item, (onHand.get(item) ?? new Decimal(0)).plus(toDecimal(entry[rule.ledger.amount]) ?? 0));
    }
    const placeDoc = (await findByIds(await recordCollection(places.key), [new ObjectId(place)], { [places.displayField]: 1 }))[0];
    const placeName = String(placeDoc?.[places.displayField] ?? place);
    const ruleName = pick(rule.label, t.locale ?? 'en');
    const messages: string[] = [];
    for (const [item, quantity] of needed) {
      const have = onHand.get(item) ?? new Decimal(0);
      if (have.minus(quantity).isNegative()) messages.push(t('rules.balance.short', { rule: ruleName, item: names.get(item) ?? item, place: placeName, onHand: text(have), needed: text(quantity) }));
    }
    if (messages.length === 0) return null;
    return { field: rule.when.field, messages, refuse: (rule.onShortage ?? 'refuse') === 'refuse' };
  },
};
