import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { createPublicForm, listPublicForms } from '@/lib/public-forms/public-form.service';

/** GET ?entity=<key>: the public forms (of one entity), with their links and submission counts. */
export const GET = apiRoute(async ({ req }) => ({ items: await listPublicForms(new URL(req.url).searchParams.get('entity') ?? undefined) }), { system: 'design' });

/** POST a definition (key optional): publishes a new form with a new unguessable link. */
export const POST = apiRoute(
  async ({ req, actor, origin }) => {
    const form = await createPublicForm(await readJsonObject(req), actor.id);
    await audit({ action: 'publicForm.saved', actor, origin, target: { kind: 'publicForm', id: form.key }, details: { version: form.version, entity: form.entity } });
    return created(form);
  },
  { system: 'design' },
);
