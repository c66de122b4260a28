import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionProblems, linkedFieldProblems } from '@/lib/entities/definition-problems';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fillMismatch } from '@/lib/fields/fill-from';

const entity = (key: string) => JSON.parse(readFileSync(`templates/sales-crm/entities/${key}.json`, 'utf8')) as EntityDefinition;
const order = entity('order');
const product = entity('product');
const opportunity = entity('opportunity');
const pack = new Map(['order', 'product', 'opportunity', 'customer', 'contact', 'activity', 'warehouse', 'campaign'].map((key) => [key, entity(key)]));
const related = (key: string) => pack.get(key);

/** The order with its line columns edited. */
function withLines(edit: (columns: FieldDefinition[]) => FieldDefinition[]): EntityDefinition {
  return { ...order, fields: order.fields.map((field) => (field.key === 'lines' ? { ...field, fields: edit(structuredClone(field.fields ?? [])) } : field)) };
}
const column = (columns: FieldDefinition[], key: string) => columns.find((candidate) => candidate.key === key)!;

describe('linked fill (fillFrom) definition checks', () => {
  it('accept the sales pack: line prices and units from the product, owners from the customer, customers from the contact', () => {
    for (const def of pack.values()) {
      expect(definitionProblems(def), def.key).toEqual([]);
      expect(linkedFieldProblems(def, related), def.key).toEqual([]);
    }
    const lines = order.fields.find((field) => field.key === 'lines')!.fields!;
    expect(column(lines, 'unitPrice').fillFrom).toEqual({ relation: 'product', field: 'listPrice' });
    expect(column(lines, 'unit').fillFrom).toEqual({ relation: 'product', field: 'unit' });
    expect(opportunity.fields.find((field) => field.key === 'owner')!.fillFrom).toEqual({ relation: 'customer', field: 'owner' });
  });

  it('need a relation and a field, as texts', () => {
    for (const fillFrom of [{}, { relation: 'product' }, { field: 'listPrice' }, { relation: 1, field: 'listPrice' }, 'product.listPrice', null]) {
      const def = withLines((columns) => [...columns.filter((c) => c.key !== 'unitPrice'), { ...column(columns, 'unitPrice'), fillFrom: fillFrom as never }]);
      expect(definitionProblems(def).join('\n'), JSON.stringify(fillFrom)).toMatch(/lines\.unitPrice: fillFrom needs the relation/);
    }
  });

  it('name a relation that is not in the same form or row', () => {
    // "customer" is a field of the order, but not a column of the line the price is in.
    const def = withLines((columns) => columns.map((c) => (c.key === 'unitPrice' ? { ...c, fillFrom: { relation: 'customer', field: 'listPrice' } } : c)));
    expect(definitionProblems(def)).toContain('lines.unitPrice: filled from "customer", which is not another field of the same form (or of the same sub-table row)');
  });

  it('refuse a relation that is not a relation, one holding several records, and the field itself', () => {
    const notRelation = withLines((columns) => columns.map((c) => (c.key === 'unitPrice' ? { ...c, fillFrom: { relation: 'quantity', field: 'listPrice' } } : c)));
    expect(definitionProblems(notRelation)).toContain('lines.unitPrice: filled from "quantity", which is not a relation');
    const many = withLines((columns) => columns.map((c) => (c.key === 'product' ? { ...c, relation: { entity: 'product', many: true } } : c)));
    expect(definitionProblems(many).join('\n')).toMatch(/lines\.unitPrice: filled from "product", which holds several records/);
    const itself = { ...opportunity, fields: opportunity.fields.map((f) => (f.key === 'customer' ? { ...f, fillFrom: { relation: 'customer', field: 'owner' } } : f)) };
    expect(definitionProblems(itself)).toContain('customer: filled from "customer", which is not another field of the same form (or of the same sub-table row)');
  });

  it('refuse filling a computed field', () => {
    const def = withLines((columns) => columns.map((c) => (c.key === 'amount' ? { ...c, fillFrom: { relation: 'product', field: 'listPrice' } } : c)));
    expect(definitionProblems(def)).toContain('lines.amount: a formula field cannot be filled from a related record');
  });

  it('name a source field the related entity does not have', () => {
    const def = withLines((columns) => columns.map((c) => (c.key === 'unitPrice' ? { ...c, fillFrom: { relation: 'product', field: 'price' } } : c)));
    expect(definitionProblems(def)).toEqual([]);
    expect(linkedFieldProblems(def, related)).toEqual(['lines.unitPrice: filled from "price", which is not a field of "product"']);
  });

  it('refuse sources whose values the field cannot hold as they are stored', () => {
    const fill = (key: string, field: string, patch: Partial<FieldDefinition> = {}) =>
      linkedFieldProblems(withLines((columns) => columns.map((c) => (c.key === key ? { ...c, ...patch, fillFrom: { relation: 'product', field } } : c))), related);
    expect(fill('unitPrice', 'sku')).toEqual(['lines.unitPrice: cannot be filled from product.sku: a text field cannot fill a money field']);
    expect(fill('unitPrice', 'listPrice', { currency: 'USD' })).toEqual(['lines.unitPrice: cannot be filled from product.listPrice: the amount is in CNY, this field in USD']);
    expect(fill('unitPrice', 'listPrice', { scale: 4 })).toEqual(['lines.unitPrice: cannot be filled from product.listPrice: the amount keeps 2 decimals, this field 4']);
    expect(fill('unit', 'unit', { options: [{ value: 'pcs', label: { 'zh-CN': 'pcs', en: 'pcs' } }] })[0]).toMatch(/the options "set", "box", .* of the source are not options here/);
    expect(fill('unit', 'category')[0]).toMatch(/the options "equipment"/);
    expect(fill('quantity', 'listPrice')).toEqual(['lines.quantity: cannot be filled from product.listPrice: a money field cannot fill a number field']);
  });

  it('let texts of every kind fill a text, and a relation fill one to the same entity only', () => {
    const text: FieldDefinition = { key: 'note', type: 'text', label: { 'zh-CN': 'Note', en: 'Note' } };
    expect(fillMismatch(text, { key: 'phone', type: 'phone', label: { 'zh-CN': 'Phone', en: 'Phone' } })).toBeNull();
    expect(fillMismatch(text, { key: 'no', type: 'autonumber', label: { 'zh-CN': 'No.', en: 'No.' } })).toBeNull();
    expect(fillMismatch(text, { key: 'f', type: 'formula', label: { 'zh-CN': 'F', en: 'F' }, formula: { expression: 'name', result: 'text' } })).toBeNull();
    expect(fillMismatch(text, { key: 'n', type: 'number', label: { 'zh-CN': 'N', en: 'N' } })).toBe('a number field cannot fill a text');
    const toCustomer: FieldDefinition = { key: 'customer', type: 'relation', label: { 'zh-CN': 'C', en: 'C' }, relation: { entity: 'customer' } };
    expect(fillMismatch(toCustomer, { ...toCustomer, key: 'other' })).toBeNull();
    expect(fillMismatch(toCustomer, { ...toCustomer, relation: { entity: 'contact' } })).toBe('the source points to "contact", this field to "customer"');
    const money: FieldDefinition = { key: 'm', type: 'money', label: { 'zh-CN': 'M', en: 'M' }, currency: 'CNY' };
    expect(fillMismatch(money, { key: 'total', type: 'formula', label: { 'zh-CN': 'T', en: 'T' }, formula: { expression: 'x', result: 'money', currency: 'CNY' } })).toBeNull();
  });

  it('check picker columns against the related entity', () => {
    const def = withLines((columns) => columns.map((c) => (c.key === 'product' ? { ...c, relation: { entity: 'product', columns: ['sku', 'stock'] } } : c)));
    expect(linkedFieldProblems(def, related)).toEqual(['lines.product: the picker shows "stock", which is not a field of "product"']);
    for (const columns of ['sku', [1], ['sku', 'sku'], ['sku', 'name', 'unit', 'listPrice', 'category']]) {
      const broken = withLines((cs) => cs.map((c) => (c.key === 'product' ? { ...c, relation: { entity: 'product', columns: columns as never } } : c)));
      expect(definitionProblems(broken).join('\n'), JSON.stringify(columns)).toMatch(/lines\.product: (relation\.columns|a picker shows at most)/);
    }
  });
});
