/** Messages of data integrity: exact values, unchanged edits, health, backups, sensitive fields (English). */
export const integrityEn = {
  'form.nothingChanged': 'Nothing was changed.',
  'form.selectPlaceholder': 'Choose…',
  'validation.decimals': 'Keeps at most {decimals} decimal places; a value with more is refused, not rounded.',
  'validation.wholeNumber': 'Must be a whole number: this field keeps no decimals.',
  'validation.digits': 'Has more digits than a number keeps exactly (15 significant digits).',
  'imports.row.tooManyDecimals': '{column}: "{value}" has more decimals than “{field}” keeps (at most {decimals}); nothing was rounded.',
} as const;
