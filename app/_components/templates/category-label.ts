import type { MessageKey, Translate } from '@/lib/i18n/messages';
import { TEMPLATE_CATEGORIES } from '@/lib/templates/template.types';

/** A pack's category in the reader's language; a category the catalog does not know (an uploaded pack's own) is shown as written. */
export function categoryLabel(category: string | null | undefined, t: Translate): string | null {
  if (!category) return null;
  return (TEMPLATE_CATEGORIES as readonly string[]).includes(category) ? t(`templates.category.${category}` as MessageKey) : category;
}
