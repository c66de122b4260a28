/**
 * Formats beyond ajv-formats' standard ones. The browser and the server register the same
 * set, so a value the form accepts is a value the server accepts.
 */
export const customFormats: Record<string, RegExp> = {
  phone: /^\+?[0-9][0-9 ()-]{4,24}$/,
  'record-id': /^[0-9a-f]{24}$/,
};

export const standardFormats = ['date', 'date-time', 'email', 'uri'] as const;
