import { describe, expect, it } from 'vitest';
import { mergeDefinition, sameDefinition } from '@/lib/templates/template.merge';

const label = (en: string) => ({ 'zh-CN': en, en });

describe('three-way merge of a definition', () => {
  type Field = { key: string; type: string; label: ReturnType<typeof label>; options?: { value: string; label: ReturnType<typeof label> }[] };
  const base: { key: string; version: number; label: ReturnType<typeof label>; icon?: string; fields: Field[]; listView: object } = {
    key: 'deal',
    version: 1,
    label: label('Deal'),
    fields: [
      { key: 'name', type: 'text', label: label('Name') },
      { key: 'stage', type: 'select', label: label('Stage'), options: [{ value: 'new', label: label('New') }, { value: 'won', label: label('Won') }] },
      { key: 'old', type: 'text', label: label('Old') },
    ],
    listView: { columns: ['name', 'stage'], sort: [], pageSize: 20 },
  };

  it('takes the template changes the admin did not touch and keeps the admin changes', () => {
    const ours = {
      ...base,
      version: 2,
      label: label('Opportunity'),
      fields: [
        base.fields[0],
        { ...base.fields[1], options: [...base.fields[1].options!, { value: 'hold', label: label('Hold') }] },
        { key: 'mine', type: 'number', label: label('Mine') },
      ],
    };
    const theirs = {
      ...base,
      version: 2,
      label: label('Deal v2'),
      icon: 'deal',
      fields: [
        { ...base.fields[0], label: label('Deal name') },
        { ...base.fields[1], options: [...base.fields[1].options!, { value: 'lost', label: label('Lost') }] },
        base.fields[2],
        { key: 'amount', type: 'money', label: label('Amount') },
      ],
    };
    const { merged, notes } = mergeDefinition(base, ours, theirs);
    expect(merged.label).toEqual(label('Opportunity'));
    expect(merged.icon).toBe('deal');
    expect(merged.fields.map((f) => f.key)).toEqual(['name', 'stage', 'mine', 'amount']); // "old" stays removed
    expect(merged.fields[0].label).toEqual(label('Deal name'));
    expect(merged.fields[1].options!.map((o) => o.value)).toEqual(['new', 'won', 'lost', 'hold']);
    expect(notes).toEqual(expect.arrayContaining(['field name updated', 'field stage: option lost added', 'field amount added', 'icon added']));
    expect(notes.join(' ')).not.toContain('label updated');
  });

  it('without a base keeps every admin value and only adds what is new', () => {
    const ours = { ...base, label: label('Mine') };
    const theirs = { ...base, label: label('Theirs'), fields: [...base.fields, { key: 'extra', type: 'text', label: label('Extra') }] };
    const { merged } = mergeDefinition(undefined, ours, theirs);
    expect(merged.label).toEqual(label('Mine'));
    expect(merged.fields.map((f) => f.key)).toEqual(['name', 'stage', 'old', 'extra']);
  });

  it('compares definitions without versions, template stamps or switches', () => {
    expect(sameDefinition({ ...base, version: 7, template: 'x', enabled: false }, base)).toBe(true);
    expect(sameDefinition({ ...base, label: label('Other') }, base)).toBe(false);
  });
});
