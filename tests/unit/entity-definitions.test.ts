import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { definitionProblems } from '@/lib/entities/definition-problems';
import { formSchemaFor } from '@/lib/entities/entity.schema';
import { packDashboardProblems } from '../support/dashboards';
import { workflowProblems } from '@/lib/workflows/workflow.service';
import { loadTemplatePack } from '@/lib/templates/template.installer';
import { salesEntity } from '../support/templates';

describe('template definitions', () => {
  it.each(readdirSync('templates'))('pack %s is complete and valid', async (pack) => {
    const { entities, workflows, dashboards } = await loadTemplatePack(pack);
    for (const entity of entities) expect(definitionProblems(entity), entity.key).toEqual([]);
    for (const workflow of workflows) expect(workflowProblems(workflow), workflow.key).toEqual([]);
    const keys = new Set(entities.map((e) => e.key));
    for (const workflow of workflows) {
      if ('entity' in workflow.trigger && workflow.trigger.entity) expect(keys.has(workflow.trigger.entity)).toBe(true);
      for (const action of workflow.actions) if ('entity' in action && action.entity) expect(keys.has(action.entity)).toBe(true);
    }
    for (const dashboard of dashboards) expect(packDashboardProblems(dashboard, entities), dashboard.key).toEqual([]);
  });

  it('finds what makes a definition unusable', () => {
    const customer = salesEntity('customer');
    const broken = {
      ...customer,
      key: 'Bad Key',
      displayField: 'nope',
      kanbanField: 'name',
      fields: [
        ...customer.fields,
        { key: 'a.b', type: 'text' as const, label: { 'zh-CN': '', en: '' } },
        { key: 'name', type: 'number' as const, label: { 'zh-CN': '重复', en: 'Twice' } },
        { key: 'kind', type: 'select' as const, label: { 'zh-CN': '类型', en: 'Kind' }, options: [] },
        { key: 'total', type: 'formula' as const, label: { 'zh-CN': '合计', en: 'Total' }, formula: { expression: 'SUM(lines.amount', result: 'number' as const } },
        { key: 'shown', type: 'text' as const, label: { 'zh-CN': '显示', en: 'Shown' }, visibleWhen: { field: 'ghost', in: ['x'] } },
      ],
    };
    const problems = definitionProblems(broken).join('\n');
    expect(problems).toContain('key "Bad Key"');
    expect(problems).toContain('display field "nope"');
    expect(problems).toContain('key "a.b" must match');
    expect(problems).toContain('a.b: needs a label');
    expect(problems).toContain('field key "name" is used twice');
    expect(problems).toContain('kind: needs at least one option');
    expect(problems).toContain('total: expected ")"');
    expect(problems).toContain('shown: shown only when "ghost"');
    expect(problems).toContain('kanban field "name" must be a single select');
  });
});

describe('form schema for a language', () => {
  it('uses the field labels and option labels of that language', () => {
    const customer = salesEntity('customer');
    const zh = formSchemaFor(customer, 'zh-CN');
    expect(zh.schema.properties?.name.title).toBe('客户名称');
    expect((zh.schema.properties?.source.oneOf as { title: string }[]).map((option) => option.title)).toEqual(['官网', '转介绍', '展会', '电话陌拜', '广告', '其他']);
    const en = formSchemaFor(customer, 'en');
    expect(en.schema.properties?.email.title).toBe('Email');
    expect(en.schema.properties?.email.format).toBe('email');
    expect(en.schema.required).toEqual(['name', 'status']);
    expect(en.uiSchema.code).toMatchObject({ 'ui:readonly': true });
  });

  it('turns relation fields into the relation picker and shows rule-bound fields only when the rule holds', () => {
    const task = salesEntity('task');
    expect(formSchemaFor(task, 'en').uiSchema.customer).toMatchObject({ 'ui:widget': 'relation', 'ui:options': { entity: 'customer' } });
    expect(formSchemaFor(task, 'en', { status: 'open' }).schema.properties?.completedAt).toBeUndefined();
    expect(formSchemaFor(task, 'en', { status: 'done' }).schema.properties?.completedAt).toBeDefined();
  });
});
