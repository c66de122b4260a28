import { publicApiRoute, readSmallJsonObject } from '@/lib/http/api-route';
import { MAX_SUBMISSION_BYTES, submitPublicForm } from '@/lib/public-forms/public-form.submit';

/**
 * POST {values: {field: value}}: a visitor's submission of a public form, without a session
 * (the one route that takes writes from anyone; see lib/public-forms/public-form.submit.ts).
 */
export const POST = publicApiRoute<{ slug: string }>(async ({ req, params, t, locale, address }) => {
  const body = await readSmallJsonObject(req, MAX_SUBMISSION_BYTES);
  return Response.json(await submitPublicForm(params.slug, body, { t, locale, address }), { status: 201 });
});
