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

/** A select's options: a list of distinct, non-empty values, each with a label. */
export function optionProblems(field: FieldDefinition, where: string): string[] {
  const options = field.options as unknown;
  if (!Array.isArray(options) || options.length === 0) return [`${where}: needs at least one option`];
  const problems: string[] = [];
  const values = options.map((option) => (typeof option === 'object' && option !== null ? (option as { value?: unknown }).value : undefined));
  if (values.some((value) => typeof value !== 'string' || !value) || new Set(values).size !== values.length) problems.push(`${where}: option values must be unique and not empty`);
  if (options.some((option) => typeof option?.label !== 'object' || option.label === null)) problems.push(`${where}: every option needs a label`);
  return problems;
}
