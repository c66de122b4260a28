import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getDefaultFormState } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { changedValues, FORM_DEFAULTS, initialValues, themedForm } from '@/app/_components/widgets/form-layout';
import { formSchemaFor } from '@/lib/entities/entity.schema';
import type { EntityDefinition } from '@/lib/entities/entity.types';

const customer = JSON.parse(readFileSync('templates/sales-crm/entities/customer.json', 'utf8')) as EntityDefinition;
const order = JSON.parse(readFileSync('templates/sales-crm/entities/order.json', 'utf8')) as EntityDefinition;

/** What the form holds before anyone touches it: rjsf's default form state over our starting values. */
function untouchedForm(def: EntityDefinition, data: Record<string, unknown>) {
  const { schema } = themedForm(formSchemaFor(def, 'en', data).schema, {});
  return getDefaultFormState(validator, schema as never, data, undefined, false, FORM_DEFAULTS) as Record<string, unknown>;
}

describe('a new record form', () => {
  it('leaves optional selects empty until chosen and pre-fills only what the definition defaults', () => {
    const form = untouchedForm(customer, initialValues(customer));
    expect(form.status).toBe('potential'); // the definition's default
    for (const key of ['level', 'industry', 'source', 'region']) expect(form[key]).toBeUndefined();
  });

  it('does not pre-fill a required select without a default (the booking month)', () => {
    const form = untouchedForm(order, initialValues(order));
    expect(form.month).toBeUndefined();
    expect(form.status).toBe('draft');
  });

  it('keeps a stored record as it is when editing', () => {
    const stored = { name: 'Acme', status: 'active', notes: 'x' };
    const form = untouchedForm(customer, stored);
    for (const key of ['level', 'industry', 'source', 'region']) expect(form[key]).toBeUndefined();
    expect(changedValues(stored, form)).toEqual({});
  });
});

describe('an edit sends only what changed', () => {
  it('names changed fields, and cleared ones as null', () => {
    const stored = { name: 'Acme', level: 'A', tags: ['vip'], address: { city: 'Shanghai' } };
    expect(changedValues(stored, { ...stored, notes: 'call back' })).toEqual({ notes: 'call back' });
    expect(changedValues(stored, { name: 'Acme', tags: ['vip'], address: { city: 'Shanghai' } })).toEqual({ level: null });
    expect(changedValues(stored, { ...stored, level: undefined })).toEqual({ level: null });
    expect(changedValues(stored, { ...stored, tags: ['vip', 'decision_maker'] })).toEqual({ tags: ['vip', 'decision_maker'] });
    expect(changedValues(stored, { ...stored, address: { city: 'Shanghai' } })).toEqual({});
    expect(changedValues(stored, { ...stored, tags: [] })).toEqual({ tags: null });
    expect(changedValues({ name: 'Acme' }, { name: 'Acme', notes: '' })).toEqual({});
  });
});
