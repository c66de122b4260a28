import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { getPublicForm, updatePublicForm } from '@/lib/public-forms/public-form.service';

export const GET = apiRoute<{ key: string }>(async ({ params }) => getPublicForm(params.key), { system: 'design' });

/** PUT the whole definition: saved as the form's next version; the link stays. */
export const PUT = apiRoute<{ key: string }>(
  async ({ req, params, actor, origin }) => {
    const form = await updatePublicForm(params.key, await readJsonObject(req), actor.id);
    await audit({ action: 'publicForm.saved', actor, origin, target: { kind: 'publicForm', id: form.key }, details: { version: form.version, entity: form.entity, enabled: form.enabled } });
    return form;
  },
  { system: 'design' },
);
