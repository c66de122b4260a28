import { pick, type Locale } from '@/lib/i18n/locale';
import type { FieldDefinition } from '@/lib/fields/field.types';

export function optionValues(field: FieldDefinition): string[] {
  return (field.options ?? []).map((option) => option.value);
}

export function optionLabel(field: FieldDefinition, value: unknown, locale: Locale): string {
  const option = field.options?.find((candidate) => candidate.value === value);
  return option ? pick(option.label, locale) || option.value : String(value);
}

/** An option from what a person typed: its value or its label in either language. */
export function optionFromText(field: FieldDefinition, text: string): string | null {
  const wanted = text.trim().toLowerCase();
  const option = field.options?.find(
    (candidate) =>
      candidate.value.toLowerCase() === wanted ||
      Object.values(candidate.label).some((label) => label.trim().toLowerCase() === wanted),
  );
  return option?.value ?? null;
}
