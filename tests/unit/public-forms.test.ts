import { readFileSync } from 'node:fs';
import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { FIELD_TYPE_KEYS } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import { PublicFormAccess } from '@/lib/permissions/public-form-access';
import { publicFormProblems } from '@/lib/public-forms/public-form.checks';
import type { Actor } from '@/lib/users/user.types';
import { testSnapshot } from '../support/actors';

const lead = JSON.parse(readFileSync('templates/sales-crm/entities/lead.json', 'utf8')) as EntityDefinition;
const contactUs = JSON.parse(readFileSync('templates/sales-crm/public-forms/contact-us.json', 'utf8'));
const label = (text: string) => ({ 'zh-CN': text, en: text });
const form = (extra: Record<string, unknown> = {}) => ({ key: 'f', version: 1, entity: 'lead', fields: ['name', 'company'], title: label('T'), thankYou: label('Thanks'), enabled: true, ...extra });

function visitor(fields: string[]): Actor {
  const id = new ObjectId().toHexString();
  return { id, email: 'public-form@system.salesflow.invalid', name: 'Public form', roles: [], departmentId: null, via: 'publicForm', access: new PublicFormAccess({ id, departmentId: null }, testSnapshot(), { entity: 'lead', fields }) };
}

describe('public form definitions', () => {
  it('the sales pack’s contact-us form passes its checks', () => {
    expect(publicFormProblems(contactUs, lead)).toEqual([]);
  });

  it('offers only field types that reveal nothing stored and take no upload', () => {
    const offered = FIELD_TYPE_KEYS.filter((key) => fieldType(key).publicForm);
    expect(offered.sort()).toEqual(['address', 'boolean', 'date', 'datetime', 'email', 'money', 'multiselect', 'number', 'percent', 'phone', 'select', 'text', 'textarea', 'url'].sort());
  });

  it.each([
    [form({ fields: ['name', 'company', 'owner'] }), /field "owner" \(user\) cannot be offered/],
    [form({ fields: ['name', 'company', 'customer'] }), /field "customer" \(relation\) cannot be offered/],
    [form({ fields: ['name', 'company', '__proto__'] }), /field "__proto__" is not a field of lead/],
    [form({ fields: ['name', 'name', 'company'] }), /listed twice/],
    [form({ fields: ['company'] }), /field "name" is required and has no default/],
    [form({ fields: [] }), /at least one field/],
    [form({ submissionLimit: 0 }), /submissionLimit must be a whole number/],
    [form({ opensAt: 'tomorrow' }), /opensAt must be a date and time/],
    [form({ key: 'Bad Key' }), /key must be lowercase/],
    [form({ thankYou: { 'zh-CN': '谢谢', en: '' } }), /thankYou needs its en text/],
    [form({ slug: 'abc' }), /unknown property "slug"/],
    [form({ enabled: 'yes' }), /enabled must be true or false/],
  ])('refuses %j', (definition, problem) => {
    expect(publicFormProblems(definition, lead).join('\n')).toMatch(problem);
  });

  it('names a missing entity, and never throws on any JSON', () => {
    expect(publicFormProblems(form(), null)).toEqual(['entity "lead" does not exist']);
    for (const junk of [null, 3, 'x', [], { fields: 'name' }, { fields: [1, null] }]) expect(() => publicFormProblems(junk, lead)).not.toThrow();
  });
});

describe('what a public form lets a visitor do (lib/permissions)', () => {
  const actor = visitor(['name', 'company', 'email']);

  it('creates records of the form’s entity only, reads nothing, reaches no area', () => {
    expect(actor.access.can('lead', 'create')).toBe(true);
    for (const action of ['read', 'update', 'delete', 'export', 'import'] as const) expect(actor.access.can('lead', action)).toBe(false);
    expect(actor.access.can('customer', 'create')).toBe(false);
    expect(actor.access.allows('lead', 'read', { _ownerId: actor.id })).toBe(false);
    expect(actor.access.system('design')).toBe(false);
    expect(actor.access.admin).toBe(false);
    expect(actor.access.canRunEntityAction(lead, 'convert')).toBe(false);
  });

});
