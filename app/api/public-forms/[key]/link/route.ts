import { apiRoute } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { regeneratePublicFormSlug } from '@/lib/public-forms/public-form.service';

/** POST: a new link for the form; the old one answers 404 from now on. */
export const POST = apiRoute<{ key: string }>(
  async ({ params, actor, origin }) => {
    const form = await regeneratePublicFormSlug(params.key, actor.id);
    await audit({ action: 'publicForm.linkChanged', actor, origin, target: { kind: 'publicForm', id: form.key } });
    return form;
  },
  { system: 'design' },
);
