import type { MessageKey, Translate } from '@/lib/i18n/messages';

/** The categories packs are sorted into that the catalog names (templates.category.<key>). */
const KNOWN_CATEGORIES = ['sales', 'service', 'purchasing'] as const;

/** A pack's category in the reader's language; a category the catalog does not know (an uploaded pack's own) is shown as written. */
export function categoryLabel(category: string | null | undefined, t: Translate): string | null {
  if (!category) return null;
  return (KNOWN_CATEGORIES as readonly string[]).includes(category) ? t(`templates.category.${category}` as MessageKey) : category;
}

export { KNOWN_CATEGORIES };
