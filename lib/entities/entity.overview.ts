import type { LocalizedText } from '@/lib/i18n/locale';
import { listEntities } from '@/lib/entities/entity.service';
import { listDrafts } from '@/lib/entities/entity.drafts';

/** One row of the designer's entity list. */
export interface EntityOverviewItem {
  key: string;
  label: LocalizedText;
  icon: string | null;
  /** The template pack that installed it, if any. */
  template: string | null;
  /** The published version; 0 for an entity that exists only as a draft. */
  version: number;
  fieldCount: number;
  /** Its unpublished draft, if any, with the number of problems that stop it from being published. */
  draft: { savedAt: string; problems: number } | null;
}

/**
 * Every entity an admin designs, published ones first (with their drafts), then those that
 * exist only as drafts: what the designer's list shows, in one answer rather than one
 * request per entity.
 */
export async function entityOverview(): Promise<EntityOverviewItem[]> {
  const [published, drafts] = await Promise.all([listEntities(), listDrafts()]);
  const draftOf = new Map(drafts.map((item) => [item.draft.key, item]));
  const known = new Set(published.map((def) => def.key));
  const row = (def: (typeof published)[number], version: number): EntityOverviewItem => {
    const draft = draftOf.get(def.key);
    return {
      key: def.key,
      label: def.label,
      icon: def.icon ?? null,
      template: def.template ?? null,
      version,
      fieldCount: Array.isArray(def.fields) ? def.fields.length : 0,
      draft: draft ? { savedAt: draft.savedAt, problems: draft.problems.length } : null,
    };
  };
  return [...published.map((def) => row(def, def.version)), ...drafts.filter((item) => !known.has(item.draft.key)).map((item) => row(item.draft, 0))];
}
