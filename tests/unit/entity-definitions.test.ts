import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { definitionProblems } from '@/lib/entities/entity.service';
import { formSchemaFor } from '@/lib/entities/form-schema';
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
      expect(keys.has(workflow.trigger.entity)).toBe(true);
      for (const action of workflow.actions) expect(keys.has(action.entity)).toBe(true);
    }
    for (const dashboard of dashboards) {
      for (const chart of dashboard.charts) {
        const entity = entities.find((e) => e.key === chart.entity);
        expect(entity?.schema.properties?.[chart.groupBy], `${dashboard.key}/${chart.id}`).toBeDefined();
      }
    }
  });

  it('finds what makes a definition unusable', () => {
    const customer = salesEntity('customer');
    const broken = {
      ...customer,
      key: 'Bad Key',
      displayField: 'nope',
      schema: { ...customer.schema, additionalProperties: true, properties: { ...customer.schema.properties, 'a.b': { type: 'string' } } },
    };
    const problems = definitionProblems(broken).join('\n');
    expect(problems).toContain('key "Bad Key"');
    expect(problems).toContain('displayField "nope"');
    expect(problems).toContain('additionalProperties: false');
    expect(problems).toContain('field key "a.b"');
    expect(problems).toContain('field "a.b" has no label');
  });
});

describe('form schema for a language', () => {
  it('uses the field labels and option labels of that language', () => {
    const customer = salesEntity('customer');
    const zh = formSchemaFor(customer, 'zh-CN');
    expect(zh.schema.properties?.name.title).toBe('客户名称');
    expect((zh.uiSchema.source as Record<string, unknown>)['ui:enumNames']).toEqual(['官网', '转介绍', '展会', '电话陌拜', '广告', '其他']);
    const en = formSchemaFor(customer, 'en');
    expect(en.schema.properties?.email.title).toBe('Email');
    expect(en.schema.properties?.email.format).toBe('email');
    expect(en.schema.required).toEqual(['name']);
  });

  it('turns relation fields into the relation picker', () => {
    const task = salesEntity('task');
    expect(formSchemaFor(task, 'en').uiSchema.customer).toMatchObject({ 'ui:widget': 'relation', 'ui:options': { entity: 'customer' } });
  });
});
