'use client';

import { Button, Space, Tooltip } from 'antd';
import { FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n-provider';
import { apiParams, type ListQuery } from '../views/use-list-query';

/** The export API's URL for what a list shows: its filter, keyword, sort and columns, every page. */
export function exportUrl(entityKey: string, query: ListQuery, format: 'csv' | 'xlsx'): string {
  const params = apiParams(query, { format });
  params.delete('page');
  params.delete('pageSize');
  if (query.columns.length > 0) params.set('columns', query.columns.join(','));
  return `/api/records/${encodeURIComponent(entityKey)}/export?${params}`;
}

/** "Export CSV / Export Excel": plain links, so the browser streams the file to disk. */
export function ExportButtons({ entityKey, query }: { entityKey: string; query: ListQuery }) {
  const { t } = useI18n();
  return (
    <Tooltip title={t('listExport.hint')}>
      <Space.Compact>
        <Button href={exportUrl(entityKey, query, 'csv')} icon={<FileTextOutlined />} data-testid="export-csv">
          {t('listExport.csv')}
        </Button>
        <Button href={exportUrl(entityKey, query, 'xlsx')} icon={<FileExcelOutlined />} data-testid="export-xlsx">
          {t('listExport.xlsx')}
        </Button>
      </Space.Compact>
    </Tooltip>
  );
}
