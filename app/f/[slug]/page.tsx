import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requestLocale } from '@/lib/i18n/request-locale';
import { publicFormPage } from '@/lib/public-forms/public-form.submit';
import { PublicFormView } from './public-form-view';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { robots: { index: false, follow: false } };

/**
 * A public form (外链公开表单): anyone with the link fills it without signing in, in their
 * browser's language (or the one they switch to). Outside the signed-in app's layout; the
 * proxy lets exactly this path through without a session.
 */
export default async function PublicFormPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const page = await publicFormPage(slug, await requestLocale());
  if (!page) notFound();
  return <PublicFormView slug={slug} page={page} />;
}
