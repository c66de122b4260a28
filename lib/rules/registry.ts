import type { EntityDefinition } from '@/lib/entities/entity.types';
import { isObject } from '@/lib/fields/settings-checks';
import type { RecordRuleDefinition, RecordRuleKind, RecordRuleKindKey, RuleCheckContext, RuleFinding } from '@/lib/rules/rule.types';
import { sufficientBalanceRule } from '@/lib/rules/kinds/sufficient-balance.rule';

/** Every kind of business rule an entity can declare, by kind. */
export const RULE_KINDS: { [K in RecordRuleKindKey]: RecordRuleKind<Extract<RecordRuleDefinition, { kind: K }>> } = {
  sufficient_balance: sufficientBalanceRule,
};

const RULE_KEY = /^[a-z][a-z0-9_-]{0,47}$/;

function kindOf(rule: RecordRuleDefinition): RecordRuleKind | undefined {
  return Object.hasOwn(RULE_KINDS, rule.kind) ? (RULE_KINDS[rule.kind] as RecordRuleKind) : undefined;
}

/** What is wrong with an entity's rules within the entity: unique keys, known kinds, each kind's own checks. */
export function ruleProblems(def: EntityDefinition): string[] {
  if (def.rules === undefined || def.rules === null) return [];
  if (!Array.isArray(def.rules)) return ['rules must be a list'];
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const rule of def.rules as unknown[]) {
    if (!isObject(rule)) {
      problems.push('a rule must be an object');
      continue;
    }
    const where = `rule "${String(rule.key)}"`;
    if (typeof rule.key !== 'string' || !RULE_KEY.test(rule.key)) problems.push(`${where}: key must match ${RULE_KEY}`);
    else if (keys.has(rule.key)) problems.push(`${where}: key is used twice`);
    keys.add(String(rule.key));
    const kind = kindOf(rule as unknown as RecordRuleDefinition);
    if (!kind) problems.push(`${where}: unknown kind "${String(rule.kind)}" (known: ${Object.keys(RULE_KINDS).join(', ')})`);
    else problems.push(...kind.problems(rule as unknown as RecordRuleDefinition, def, where));
  }
  return problems;
}

/** What is wrong with what the rules read in other entities (asked when publishing, once the shape is sound). */
export async function ruleReferenceProblems(def: EntityDefinition, findEntity: (key: string) => Promise<EntityDefinition | null>): Promise<string[]> {
  const problems: string[] = [];
  for (const rule of def.rules ?? []) problems.push(...((await kindOf(rule)?.referenceProblems(rule, def, findEntity, `rule "${rule.key}"`)) ?? []));
  return problems;
}

/** Every rule's finding on one write, in the definition's order (read only: nothing is written). */
export async function checkRules(ctx: RuleCheckContext): Promise<RuleFinding[]> {
  const findings: RuleFinding[] = [];
  for (const rule of ctx.def.rules ?? []) {
    const finding = await kindOf(rule)?.check(rule, ctx);
    if (finding) findings.push(finding);
  }
  return findings;
}
