'use client';

import Link from 'next/link';
import useSWR from 'swr';
import { Alert, Button, Spin, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { PrintDocument } from '@/lib/print/print.types';
import { useI18n } from '../i18n-provider';
import { PrintDocumentView } from './print-document';

/** The print view: a toolbar the printout leaves out (print CSS), and the document. */
export function PrintView({ entityKey, id, template }: { entityKey: string; id: string; template: string }) {
  const { t } = useI18n();
  const { data, error } = useSWR<PrintDocument>(template ? `/api/records/${entityKey}/${id}/print/${encodeURIComponent(template)}` : null);
  return (
    <div className="print-screen">
      <div className="print-toolbar">
        <Link prefetch={false} href={`/records/${entityKey}/${id}`}>
          <Button data-testid="print-back">{t('print.page.back')}</Button>
        </Link>
        <Typography.Text type="secondary">{t('print.page.hint')}</Typography.Text>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!data} data-testid="print-now">
          {t('print.page.print')}
        </Button>
      </div>
      {!template && <Alert type="warning" showIcon title={t('print.notFound', { template: '' })} />}
      {error && <Alert type="error" showIcon title={(error as Error).message} data-testid="print-error" />}
      {template && !data && !error && <Spin />}
      {data && <PrintDocumentView doc={data} />}
    </div>
  );
}
