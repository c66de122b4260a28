import { describe, expect, it } from 'vitest';
import { normaliseInput, schemaErrors } from '@/lib/records/record.validation';
import { translator } from '@/lib/i18n/messages';
import { salesEntity } from '../support/templates';

const customer = salesEntity('customer');
const en = translator('en');
const zh = translator('zh-CN');

describe('record validation with the compiled entity schema', () => {
  it('accepts a complete, valid customer', () => {
    const data = normaliseInput({ name: 'Acme', phone: '+86 138 0013 8000', email: 'buyer@acme.cn', source: 'referral', notes: 'VIP' });
    expect(schemaErrors(customer, data, en)).toBeNull();
  });

  it('names each invalid field with a message in the user language', () => {
    const errors = schemaErrors(customer, normaliseInput({ email: 'not-an-email', phone: 'call me', source: 'tv' }), en);
    expect(errors).toEqual({
      name: ['This field is required.'],
      email: ['Enter a valid email address, like name@example.com.'],
      phone: ['Enter a phone number of digits, spaces, +, - or parentheses.'],
      source: ['Choose one of the listed options.'],
    });
    expect(schemaErrors(customer, { email: 'x' }, zh)?.email).toEqual(['请输入有效的邮箱地址，例如 name@example.com。']);
  });

  it('rejects fields the entity does not have', () => {
    expect(schemaErrors(customer, { name: 'Acme', _ownerId: 'me' }, en)).toEqual({ _ownerId: ['Unknown field "_ownerId".'] });
  });

  it('rejects query operators where a value belongs', () => {
    expect(schemaErrors(customer, { name: { $gt: '' } }, en)).toEqual({ name: ['Must be a string.'] });
  });

  it('treats empty strings and nulls as no value and trims text', () => {
    expect(normaliseInput({ name: '  Acme  ', email: '', phone: null, notes: undefined })).toEqual({ name: 'Acme' });
    expect(schemaErrors(customer, normaliseInput({ name: '   ' }), en)).toEqual({ name: ['This field is required.'] });
  });

  it('checks lengths against the limits in the schema', () => {
    expect(schemaErrors(customer, { name: 'x'.repeat(201) }, en)).toEqual({ name: ['Must be at most 200 characters.'] });
  });
});
