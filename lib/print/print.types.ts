import type { LocalizedText } from '@/lib/i18n/locale';

/**
 * A printable layout of an entity's records (a quotation, a sales order), part of the entity
 * definition: versioned with it, checked with it (print-template.problems.ts), carried by
 * template packs. Designed in the browser by admins; printed from the record page.
 */
export interface PrintTemplateDefinition {
  key: string;
  /** What the print menu calls it. */
  label: LocalizedText;
  /** The document's heading ("报价单" / "Quotation"). */
  title: LocalizedText;
  /** The company name (or logo text) at the top. */
  company?: LocalizedText;
  /** The field printed as the document number (an auto number). */
  numberField?: string;
  /** The date field printed as the document date. */
  dateField?: string;
  /** Fields printed as label–value pairs, in order. */
  fields: string[];
  /** A sub-table printed as a table: its columns, in order. */
  table?: { field: string; columns: string[] };
  /** Number or money fields printed under the table as totals, in order. */
  totals?: string[];
  /** Captions of the signature lines ("客户签字" / "Customer signature"). */
  signatures?: LocalizedText[];
  /** A line at the foot of the page (terms, bank details). */
  footer?: LocalizedText;
}

/** One printed label and value. */
export interface PrintedValue {
  key: string;
  label: string;
  value: string;
  /** A number or an amount: printed right-aligned, never wrapped. */
  numeric: boolean;
}

/** A record laid out by a print template, in one language: what the print view shows. */
export interface PrintDocument {
  template: { key: string; label: string };
  entity: { key: string; label: string };
  recordId: string;
  title: string;
  company: string;
  number: PrintedValue | null;
  date: PrintedValue | null;
  fields: PrintedValue[];
  table: { label: string; columns: { key: string; label: string; numeric: boolean }[]; rows: string[][] } | null;
  totals: PrintedValue[];
  signatures: string[];
  footer: string;
}
