import { Result } from 'antd';
import { requestLocale } from '@/lib/i18n/request-locale';
import { translator } from '@/lib/i18n/messages';

/** An unknown or revoked link: said in the visitor's language, nothing more given away. */
export default async function PublicFormNotFound() {
  const t = translator(await requestLocale());
  return <Result status="404" title="404" subTitle={t('publicForm.notFound')} />;
}
