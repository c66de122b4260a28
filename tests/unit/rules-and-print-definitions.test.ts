import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionProblems } from '@/lib/entities/definition-problems';
import { allowedSelectValues } from '@/lib/entities/entity.schema';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { mergeDefinition } from '@/lib/templates/template.merge';

const pack = (key: string) => JSON.parse(readFileSync(`templates/sales-crm/entities/${key}.json`, 'utf8')) as EntityDefinition;
const JUNK: unknown[] = [null, 0, 'x', true, [], [null], {}, { $gt: '' }];

/** Every part of a definition's list replaced by junk, one at a time. */
function* junked(def: EntityDefinition, list: 'rules' | 'printTemplates'): Generator<[string, EntityDefinition]> {
  const items = def[list] as unknown as Record<string, unknown>[];
  for (const [index, item] of items.entries()) {
    for (const key of Object.keys(item)) {
      for (const junk of JUNK) {
        // Sound values: a key, an empty list of fields, totals or signatures.
        if ((key === 'key' && junk === 'x') || (['fields', 'totals', 'signatures'].includes(key) && Array.isArray(junk) && junk.length === 0)) continue;
        const copy = items.map((candidate, at) => (at === index ? { ...candidate, [key]: junk } : candidate));
        yield [`${list}[${index}].${key} = ${JSON.stringify(junk)}`, { ...def, [list]: copy } as EntityDefinition];
      }
    }
  }
}

describe('business rules in a definition', () => {
  it('the sales pack declares the stock check on orders and the action-only conversion of leads, without problems', () => {
    const order = pack('order');
    expect(order.rules?.[0]).toMatchObject({ kind: 'sufficient_balance', when: { field: 'status', becomes: ['shipped'] } });
    expect(definitionProblems(order)).toEqual([]);
    expect(definitionProblems(pack('lead'))).toEqual([]);
  });

  it('name each broken part of a rule, and never throw', () => {
    for (const [what, def] of junked(pack('order'), 'rules')) {
      const problems = definitionProblems(def);
      expect(problems.some((problem) => problem.startsWith('rule ')), what).toBe(true);
      expect(problems.some((problem) => problem.includes('malformed')), what).toBe(false);
    }
    const order = pack('order');
    const wrong = (patch: Record<string, unknown>) => definitionProblems({ ...order, rules: [{ ...order.rules![0], ...patch }] } as EntityDefinition);
    expect(wrong({ kind: 'teleport' })).toEqual([expect.stringContaining('unknown kind "teleport"')]);
    expect(wrong({ when: { field: 'status', becomes: ['gone'] } })).toEqual([expect.stringContaining('"gone" is not an option of status')]);
    expect(wrong({ item: 'quantity' })).toEqual([expect.stringContaining('"item" must name a relation column of lines')]);
    expect(wrong({ onShortage: 'ignore' })).toEqual([expect.stringContaining('onShortage')]);
  });

  it('an option only an action sets must name an action of the entity, and is not offered in the form', () => {
    const lead = pack('lead');
    const status = lead.fields.find((field) => field.key === 'status')!;
    const renamed = { ...lead, fields: lead.fields.map((field) => (field === status ? { ...status, options: status.options!.map((option) => (option.onlyByAction ? { ...option, onlyByAction: 'nope' } : option)) } : field)) };
    expect(definitionProblems(renamed)).toEqual([expect.stringContaining('onlyByAction "nope" is not an action')]);
    // Editing a new lead: converted is not among the values offered; a converted lead keeps showing its value.
    expect(allowedSelectValues(status, 'new')).toEqual(['new', 'contacted', 'qualified', 'lost']);
    expect(allowedSelectValues(status, undefined)).toEqual(['new', 'contacted', 'qualified', 'lost']);
    expect(allowedSelectValues(status, 'converted')).toEqual(['converted']);
  });
});

describe('print templates in a definition', () => {
  it('the sales pack ships a quotation and a sales order for orders', () => {
    expect(pack('order').printTemplates?.map((template) => template.key)).toEqual(['quotation', 'sales-order']);
  });

  it('name a field that does not exist, a table that is not a sub-table, a total that is not a number', () => {
    const order = pack('order');
    const quotation = order.printTemplates![0];
    const problems = (patch: Record<string, unknown>) => definitionProblems({ ...order, printTemplates: [{ ...quotation, ...patch }] } as EntityDefinition);
    expect(problems({ fields: ['customer', 'nosuchfield'] })).toEqual(['print template "quotation": "nosuchfield" is not a field that can be printed']);
    expect(problems({ table: { field: 'customer', columns: ['x'] } })).toEqual(['print template "quotation": the table must name a sub-table field']);
    expect(problems({ table: { field: 'lines', columns: ['product', 'colour'] } })).toEqual(['print template "quotation": "colour" is not a column of lines']);
    expect(problems({ totals: ['customer'] })).toEqual(['print template "quotation": total "customer" is not a number or money field']);
    expect(problems({ script: 'alert(1)' })).toEqual(['print template "quotation": "script" is not a print template setting']);
    expect(definitionProblems({ ...order, printTemplates: [quotation, quotation] })).toEqual(['print template "quotation": key is used twice']);
    for (const [what, def] of junked(order, 'printTemplates')) {
      const found = definitionProblems(def);
      expect(found.length, what).toBeGreaterThan(0);
      expect(found.some((problem) => problem.includes('malformed')), what).toBe(false);
    }
  });

  it('an upgrade adds the pack\'s new print templates and keeps one the admin changed', () => {
    const order = pack('order');
    const [quotation, salesOrder] = order.printTemplates!;
    const base = { ...order, printTemplates: [quotation] };
    const mine = { ...order, printTemplates: [{ ...quotation, fields: [...quotation.fields, 'notes'] }] };
    const { merged } = mergeDefinition(base, mine, order);
    expect(merged.printTemplates?.map((template) => template.key)).toEqual(['quotation', 'sales-order']);
    expect(merged.printTemplates?.[0].fields).toContain('notes');
    expect(merged.printTemplates?.[1]).toEqual(salesOrder);
  });
});
