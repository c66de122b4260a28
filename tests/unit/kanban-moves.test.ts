import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dialogDefinition, fieldsMissingAfterMove } from '@/app/_components/views/kanban-moves';
import { formSchemaFor } from '@/lib/entities/entity.schema';
import type { EntityDefinition } from '@/lib/entities/entity.types';

const opportunity = JSON.parse(readFileSync('templates/sales-crm/entities/opportunity.json', 'utf8')) as EntityDefinition;
const complete = { name: 'Deal', customer: '0123456789abcdef01234567', stage: 'proposal', expectedCloseDate: '2026-12-01' };

describe('a kanban move asks for the fields its lane needs', () => {
  it('names the lost reason when an opportunity is dropped on "lost", and nothing for other lanes', () => {
    expect(fieldsMissingAfterMove(opportunity, complete, 'stage', 'lost').map((field) => field.key)).toEqual(['lostReason']);
    expect(fieldsMissingAfterMove(opportunity, complete, 'stage', 'negotiation')).toEqual([]);
    expect(fieldsMissingAfterMove(opportunity, { ...complete, lostReason: 'price' }, 'stage', 'lost')).toEqual([]);
  });

  it('also asks for a required field the record lacks whatever the lane', () => {
    const { expectedCloseDate: _date, ...withoutDate } = complete;
    expect(fieldsMissingAfterMove(opportunity, withoutDate, 'stage', 'lost').map((field) => field.key)).toEqual(['expectedCloseDate', 'lostReason']);
  });

  it('renders those fields on their own: shown and required without the lane field beside them', () => {
    const def = dialogDefinition(opportunity, fieldsMissingAfterMove(opportunity, complete, 'stage', 'lost'));
    const { schema } = formSchemaFor(def, 'en', {});
    expect(Object.keys(schema.properties ?? {})).toEqual(['lostReason']);
    expect(schema.required).toEqual(['lostReason']);
  });
});
