import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { deletePrintTemplate, savePrintTemplate } from '@/lib/print/print-template.service';
import type { PrintTemplateDefinition } from '@/lib/print/print.types';

type Params = { entity: string; template: string };

/** PUT /api/entities/:key/print-templates/:template {template}: adds or replaces it, publishing the entity's next version (designers). */
export const PUT = apiRoute<Params>(
  async ({ req, params, actor }) => {
    const def = await savePrintTemplate(params.entity, params.template, (await readJsonObject(req)) as unknown as PrintTemplateDefinition, actor);
    return { version: def.version, printTemplates: def.printTemplates ?? [] };
  },
  { system: 'design' },
);

/** DELETE /api/entities/:key/print-templates/:template: removes it, publishing the entity's next version (designers). */
export const DELETE = apiRoute<Params>(
  async ({ params, actor }) => {
    const def = await deletePrintTemplate(params.entity, params.template, actor);
    return { version: def.version, printTemplates: def.printTemplates ?? [] };
  },
  { system: 'design' },
);
