import { pick, type Locale } from '@/lib/i18n/locale';
import type { EntityDefinition, JsonSchema } from '@/lib/entities/entity.types';

/**
 * The stored schema and uiSchema, dressed for one language: titles, help texts and option
 * labels come from the definition's field labels. Validation keywords are untouched, so the
 * form checks exactly what the server checks.
 */
export function formSchemaFor(def: EntityDefinition, locale: Locale): { schema: JsonSchema; uiSchema: Record<string, unknown> } {
  const properties: Record<string, JsonSchema> = {};
  const uiSchema: Record<string, unknown> = { ...def.uiSchema };
  for (const [field, fieldSchema] of Object.entries(def.schema.properties ?? {})) {
    const presentation = def.fields[field];
    properties[field] = { ...fieldSchema, title: pick(presentation?.label, locale) || field };
    const fieldUi: Record<string, unknown> = { ...((def.uiSchema[field] as Record<string, unknown>) ?? {}) };
    if (presentation?.help) fieldUi['ui:help'] = pick(presentation.help, locale);
    if (Array.isArray(fieldSchema.enum) && presentation?.options) {
      fieldUi['ui:enumNames'] = fieldSchema.enum.map((value) => pick(presentation.options?.[String(value)], locale) || String(value));
    }
    if (presentation?.relation) {
      fieldUi['ui:widget'] = 'relation';
      fieldUi['ui:options'] = { ...(fieldUi['ui:options'] as object), entity: presentation.relation.entity };
    }
    uiSchema[field] = fieldUi;
  }
  return { schema: { ...def.schema, title: undefined, properties }, uiSchema };
}
