'use client';

import { App, Typography } from 'antd';
import { api } from '@/lib/client/api-client';
import type { BulkResult } from '@/lib/views/view.types';
import { useI18n } from '../i18n-provider';

export type BulkAction = 'update' | 'delete' | 'restore' | 'purge' | 'transfer';

/**
 * Posts one bulk action and reports it: a plain success message, or, when some records were
 * refused, a dialog with the count and each record's reason (a bulk write never stops halfway).
 */
export function useBulkAction(entity: string, nameOf: (id: string) => string) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();

  return async function run(action: BulkAction, ids: string[], data?: Record<string, unknown>, ownerId?: string): Promise<BulkResult | null> {
    let result: BulkResult;
    try {
      result = await api<BulkResult>(`/api/records/${entity}/bulk`, { method: 'POST', body: { action, ids, ...(data ? { data } : {}), ...(ownerId ? { ownerId } : {}) } });
    } catch (error) {
      message.error((error as Error).message);
      return null;
    }
    const counts = { succeeded: result.succeeded.length, failed: result.failed.length };
    if (result.failed.length === 0) {
      message.success(t('views.bulk.result', counts));
      return result;
    }
    modal.warning({
      title: t('views.bulk.result', counts),
      width: 560,
      content: (
        <ul style={{ paddingInlineStart: 18, maxHeight: 320, overflowY: 'auto' }} data-testid="bulk-failures">
          {result.failed.map((failure) => (
            <li key={failure.id}>
              <Typography.Text strong>{nameOf(failure.id)}</Typography.Text>: {failure.message}
              {failure.fields &&
                Object.entries(failure.fields).map(([field, errors]) => (
                  <div key={field}>
                    <Typography.Text type="secondary">
                      {field}: {errors.join('; ')}
                    </Typography.Text>
                  </div>
                ))}
            </li>
          ))}
        </ul>
      ),
    });
    return result;
  };
}
