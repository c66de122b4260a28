import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { LocalizedText } from '@/lib/i18n/locale';
import type { Translate } from '@/lib/i18n/messages';

/** A value a rule compares a field with. */
export type RuleValue = string | number | boolean;

/**
 * Lines of a record take quantities of items out of a balance kept per item and place by
 * another entity's records (the ledger): the rule refuses — or only warns about — a change of
 * `when.field` to one of `when.becomes` that would leave a balance below zero. E.g. an order
 * becoming "shipped" takes its lines' products out of the stock of its warehouse, which the
 * stock movements add up. Items whose `skipItemsWhere` field holds one of its values (a
 * service) are neither counted nor checked.
 */
export interface SufficientBalanceRule {
  kind: 'sufficient_balance';
  key: string;
  /** Names the rule in its messages ("Stock check"). */
  label: LocalizedText;
  /** The change that fires the rule: this select field changing to one of these values (an update; creating a record does not fire it). */
  when: { field: string; becomes: string[] };
  /** The sub-table whose rows take quantities out. */
  lines: string;
  /** The rows' relation column naming the item. */
  item: string;
  /** The rows' number column holding the quantity taken. */
  quantity: string;
  /** This record's relation field naming the place the balance is kept at (a warehouse). */
  place: string;
  /** The entity whose records add up the balance: its item and place relation fields and the signed amount each record adds. */
  ledger: { entity: string; item: string; place: string; amount: string };
  /** Items whose field holds one of these values are not stock-kept (services): skipped. */
  skipItemsWhere?: { field: string; in: RuleValue[] };
  /** What a shortage does: refuse the write (the default), or let it through with a warning. */
  onShortage?: 'refuse' | 'warn';
}

/** Every rule an entity can declare; one kind per module in lib/rules/kinds. */
export type RecordRuleDefinition = SufficientBalanceRule;
export type RecordRuleKindKey = RecordRuleDefinition['kind'];

/** What a rule sees of one write. */
export interface RuleCheckContext {
  def: EntityDefinition;
  /** The values stored before the write (null: a create). */
  before: Record<string, unknown> | null;
  /** The values about to be stored (normalised and validated). */
  data: Record<string, unknown>;
  t: Translate;
  /** The published definition of another entity (the record service's getEntity). */
  loadEntity(key: string): Promise<EntityDefinition>;
}

/** What a rule found: messages that refuse the write, or warnings that go with it. */
export interface RuleFinding {
  /** The field the messages are shown beside. */
  field: string;
  messages: string[];
  refuse: boolean;
}

/** Everything the platform knows about one kind of rule: its checks and its run. */
export interface RecordRuleKind<R extends RecordRuleDefinition = RecordRuleDefinition> {
  kind: R['kind'];
  /** What is wrong with the rule within its own entity, one line each; never throws. */
  problems(rule: R, def: EntityDefinition, where: string): string[];
  /** What is wrong with the entities and fields it reads elsewhere (they must exist). */
  referenceProblems(rule: R, def: EntityDefinition, findEntity: (key: string) => Promise<EntityDefinition | null>, where: string): Promise<string[]>;
  /** Checks one write; null when the rule has nothing to say. Reads only; writes nothing. */
  check(rule: R, ctx: RuleCheckContext): Promise<RuleFinding | null>;
}
