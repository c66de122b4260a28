import { describe, expect, it } from 'vitest';
import { InvalidRecord, prepareRecordData } from '@/lib/records/record.validation';
import { translator } from '@/lib/i18n/messages';
import type { Actor } from '@/lib/users/user.types';
import { salesEntity } from '../support/templates';
import { testActor } from '../support/actors';

// The customer entity without its owner (a user field, checked against the users in the
// database) has no references, so nothing here reaches the database.
const shipped = salesEntity('customer');
const customer = { ...shipped, fields: shipped.fields.filter((field) => field.type !== 'user') };
const en = translator('en');
const zh = translator('zh-CN');
const staff: Actor = testActor(['staff'], { id: '0123456789abcdef01234567' });

async function errorsOf(input: Record<string, unknown>, t = en, before: Record<string, unknown> | null = null) {
  try {
    await prepareRecordData(customer, input, { actor: staff, t, before });
    return null;
  } catch (error) {
    if (error instanceof InvalidRecord) return error.fields;
    throw error;
  }
}

describe('record validation with the compiled entity schema', () => {
  it('accepts a complete, valid customer and fills defaults', async () => {
    const data = await prepareRecordData(customer, { name: 'Acme', phone: '+86 138 0013 8000', email: 'Buyer@Acme.cn', source: 'referral', annualRevenue: '¥1,000.50' }, { actor: staff, t: en, before: null });
    expect(data).toEqual({ name: 'Acme', phone: '+86 138 0013 8000', email: 'buyer@acme.cn', source: 'referral', annualRevenue: 100050, status: 'potential' });
  });

  it('names each invalid field with a message in the user language', async () => {
    expect(await errorsOf({ email: 'not-an-email', phone: 'call me', source: 'tv' })).toEqual({
      name: ['This field is required.'],
      email: ['Enter a valid email address, like name@example.com.'],
      phone: ['Enter a phone number of digits, spaces, +, - or parentheses.'],
      source: ['Choose one of the listed options.'],
    });
    expect((await errorsOf({ email: 'x' }, zh))?.email).toEqual(['请输入有效的邮箱地址，例如 name@example.com。']);
  });

  it('rejects fields the entity does not have, and query operators where a value belongs', async () => {
    expect(await errorsOf({ name: 'Acme', _ownerId: 'me' })).toEqual({ _ownerId: ['Unknown field "_ownerId".'] });
    expect(await errorsOf({ name: { $gt: '' } })).toEqual({ name: ['Must be a string.'] });
  });

  it('treats empty strings and nulls as no value, trims text, and ignores computed values', async () => {
    const data = await prepareRecordData(customer, { name: '  Acme  ', email: '', phone: null, code: 'CUS-999999' }, { actor: staff, t: en, before: null });
    expect(data).toEqual({ name: 'Acme', status: 'potential' });
    expect(await errorsOf({ name: '   ' })).toEqual({ name: ['This field is required.'] });
    expect(await errorsOf({ name: 'x'.repeat(201) })).toEqual({ name: ['Must be at most 200 characters.'] });
  });

  it('drops the value of a field its rule hides, and keeps money exact', async () => {
    const active = await prepareRecordData(customer, { name: 'Acme', status: 'active', lostReason: 'price' }, { actor: staff, t: en, before: null });
    expect(active.lostReason).toBeUndefined();
    const lost = await prepareRecordData(customer, { name: 'Acme', status: 'lost', lostReason: 'price' }, { actor: staff, t: en, before: null });
    expect(lost.lostReason).toBe('price');
    expect(await errorsOf({ name: 'Acme', annualRevenue: '0.001' })).toEqual({ annualRevenue: ['Enter an amount with at most 2 decimals, like 1234.50.'] });
  });
});
