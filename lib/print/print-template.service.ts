import { collection } from '@/lib/db/collections';
import { definitionProblems } from '@/lib/entities/definition-problems';
import { findEntity, saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { badRequest, definitionInvalid, entityNotFound } from '@/lib/errors/app-error';
import { printTemplateNotFound } from '@/lib/print/print.render';
import type { PrintTemplateDefinition } from '@/lib/print/print.types';
import type { Actor } from '@/lib/users/user.types';

/**
 * Publishes the entity with its print templates changed, as its next version (kept in the
 * entity's versions like any publication). The whole definition is checked first. A draft the
 * designer holds of the entity gets the same templates, so publishing it later keeps them.
 */
async function publishTemplates(entityKey: string, change: (templates: PrintTemplateDefinition[]) => PrintTemplateDefinition[], actor: Actor): Promise<EntityDefinition> {
  const published = await findEntity(entityKey);
  if (!published) throw entityNotFound(entityKey);
  const printTemplates = change(published.printTemplates ?? []);
  const next: EntityDefinition = { ...published, printTemplates, version: published.version + 1 };
  if (printTemplates.length === 0) delete next.printTemplates;
  const problems = definitionProblems(next);
  if (problems.length > 0) throw definitionInvalid(`entity ${entityKey}`, problems);
  await saveEntity(next, actor.id);
  const drafts = await collection('entityDrafts');
  await drafts.updateOne({ _id: entityKey }, next.printTemplates ? { $set: { printTemplates: next.printTemplates } } : { $unset: { printTemplates: '' } });
  return next;
}

/** Adds or replaces one print template (PUT /api/entities/:key/print-templates/:template). */
export async function savePrintTemplate(entityKey: string, templateKey: string, input: PrintTemplateDefinition, actor: Actor): Promise<EntityDefinition> {
  if (input.key !== templateKey) throw badRequest(`the template's key "${String(input.key)}" is not "${templateKey}"`);
  return publishTemplates(entityKey, (templates) => (templates.some((template) => template.key === templateKey) ? templates.map((template) => (template.key === templateKey ? input : template)) : [...templates, input]), actor);
}

/** Removes one print template (DELETE /api/entities/:key/print-templates/:template). */
export async function deletePrintTemplate(entityKey: string, templateKey: string, actor: Actor): Promise<EntityDefinition> {
  return publishTemplates(entityKey, (templates) => {
    if (!templates.some((template) => template.key === templateKey)) throw printTemplateNotFound(templateKey);
    return templates.filter((template) => template.key !== templateKey);
  }, actor);
}
