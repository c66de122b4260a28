import { describe, expect, it } from 'vitest';
import { renameSelected, selectField, type FieldSelection } from '@/app/_components/designer/field-selection';

describe('the designer keeps the settings panel of a renamed field', () => {
  const start: FieldSelection = { key: 'field_1', showing: 3 };

  it('renaming the selected field keeps its showing, so the panel (and the focus in it) stays', () => {
    expect(renameSelected(start, 'field_1', 'region')).toEqual({ key: 'region', showing: 3 });
  });

  it('renaming another field leaves the selection alone', () => {
    expect(renameSelected(start, 'field_2', 'region')).toBe(start);
  });

  it('selecting another field is a new showing; selecting the same one is not', () => {
    expect(selectField(start, 'field_2')).toEqual({ key: 'field_2', showing: 4 });
    expect(selectField(start, 'field_1')).toBe(start);
    expect(selectField(renameSelected(start, 'field_1', 'region'), 'region')).toEqual({ key: 'region', showing: 3 });
  });
});
