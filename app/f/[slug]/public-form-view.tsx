'use client';

import { useMemo, useState } from 'react';
import type { ErrorSchema } from '@rjsf/utils';
import { Alert, Button, Card, Result, Space, Typography } from 'antd';
import { api, ApiError } from '@/lib/client/api-client';
import type { PublicFormPage } from '@/lib/public-forms/public-form.submit';
import { useI18n } from '../../_components/i18n-provider';
import { LanguageSwitch } from '../../_components/language-switch';
import { RecordFormFields } from '../../_components/record-form';
import { dropErrorsOfChangedFields, errorSchemaFromFields } from '../../_components/widgets/form-errors';
import { initialValues } from '../../_components/widgets/form-layout';

type FormData = Record<string, unknown>;

/** The trap field's name (lib/public-forms/public-form.submit.ts HONEYPOT_FIELD). */
const HONEYPOT = 'homepage';

/**
 * The visitor's side of a public form: the record form's fields and widgets, cut down to the
 * fields the form asks (the server sent the entity that way), a trap field robots fill and
 * people never see, and the server's answer in the visitor's language: the thank-you message,
 * errors beside the fields, or why the form takes nothing now.
 */
export function PublicFormView({ slug, page }: { slug: string; page: PublicFormPage }) {
  const { t } = useI18n();
  const [formData, setFormData] = useState<FormData>(() => initialValues(page.entity));
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [closedMessage, setClosedMessage] = useState<string | null>(page.closure ? t(`publicForm.closure.${page.closure}`) : null);
  const [thanks, setThanks] = useState<string | null>(null);
  const [honeypot, setHoneypot] = useState('');
  const [busy, setBusy] = useState(false);
  const names = useMemo(() => ({}), []);

  async function submit(values: FormData) {
    setBusy(true);
    setProblem(null);
    try {
      const answer = await api<{ message: string }>(`/api/forms/${encodeURIComponent(slug)}`, { method: 'POST', body: { values, ...(honeypot ? { [HONEYPOT]: honeypot } : {}) } });
      setThanks(answer.message);
    } catch (error) {
      if (error instanceof ApiError && error.fields && Object.keys(error.fields).length > 0) {
        setExtraErrors(errorSchemaFromFields(error.fields));
        setProblem(error.fields['']?.join(' ') || t('record.fixErrors'));
      } else if (error instanceof ApiError && (error.status === 410 || error.status === 403 || error.status === 404)) {
        setClosedMessage(error.message);
      } else {
        setProblem(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
    }
  }

  let body: React.ReactNode;
  if (thanks !== null) {
    body = (
      <Result
        status="success"
        title={t('publicForm.thanks')}
        subTitle={<span data-testid="public-form-thanks">{thanks}</span>}
        extra={
          <Button
            onClick={() => {
              setFormData(initialValues(page.entity));
              setExtraErrors(undefined);
              setThanks(null);
            }}
          >
            {t('publicForm.another')}
          </Button>
        }
      />
    );
  } else if (closedMessage !== null) {
    body = <Result status="warning" title={<span data-testid="public-form-closed">{closedMessage}</span>} />;
  } else {
    body = (
      <>
        {page.description && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{page.description}</Typography.Paragraph>}
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="public-form-problem" />}
        <RecordFormFields
          def={page.entity}
          formData={formData}
          names={names}
          extraErrors={extraErrors}
          onChange={(next) => {
            setExtraErrors((errors) => dropErrorsOfChangedFields(errors, formData, next));
            setFormData(next);
          }}
          onSubmit={(data) => void submit(data)}
        >
          {/* Out of sight and out of the tab order: people leave it empty, robots fill it. */}
          <div aria-hidden="true" style={{ position: 'absolute', left: '-10000px', top: 'auto', width: 1, height: 1, overflow: 'hidden' }}>
            <label>
              {t('publicForm.honeypot')}
              <input type="text" name={HONEYPOT} tabIndex={-1} autoComplete="off" value={honeypot} onChange={(event) => setHoneypot(event.target.value)} />
            </label>
          </div>
          <Button type="primary" htmlType="submit" loading={busy} block size="large" data-testid="public-form-submit">
            {t('publicForm.submit')}
          </Button>
        </RecordFormFields>
      </>
    );
  }

  return (
    <main style={{ minHeight: '100vh', background: '#f5f7fa', padding: '24px 12px' }}>
      <div style={{ maxWidth: 640, margin: '0 auto' }}>
        <Space style={{ width: '100%', justifyContent: 'flex-end', marginBottom: 12 }}>
          <LanguageSwitch />
        </Space>
        <Card title={<span data-testid="public-form-title" style={{ whiteSpace: 'normal' }}>{page.title}</span>}>{body}</Card>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 16, fontSize: 12 }}>
          {t('publicForm.footer')}
        </Typography.Paragraph>
      </div>
    </main>
  );
}
