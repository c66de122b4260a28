'use client';

import { Component, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { useSWRConfig } from 'swr';
import type Form from '@rjsf/core';
import type { ErrorSchema, RJSFValidationError } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020';
import { Alert, App, Button, Card, Space } from 'antd';
import { api, ApiError } from '@/lib/client/api-client';
import { formSchemaFor } from '@/lib/entities/entity.schema';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordView } from '@/lib/records/record.types';
import { messageForAjvError } from '@/lib/validation/ajv-messages';
import { customFormats } from '@/lib/validation/formats';
import { customKeywords } from '@/lib/validation/keywords';
import { moneyScale } from '@/lib/fields/types/money';
import type { Translate } from '@/lib/i18n/messages';
import { useI18n } from './i18n-provider';
import { RecordFormRenderer } from './record-form-theme';
import { namesFromRefs, type RecordFormContext } from './widgets/form-context';
import { dropErrorsOfChangedFields, errorSchemaFromFields } from './widgets/form-errors';
import { changedValues, FORM_DEFAULTS, initialValues, themedForm, visibilityKey } from './widgets/form-layout';
import { linkedPickAt, linkedValues, valueAt } from './widgets/linked-fill';
import { withFormulas } from './widgets/live-formulas';

type FormData = Record<string, unknown>;

/**
 * Ajv reports a select's value outside its options once per option (const) besides the
 * oneOf itself; one message a field is enough. An amount the money input could not turn into
 * stored units (more decimals than the field keeps) is said as such, with the limit, as the
 * server says it.
 */
function errorTransformer(def: EntityDefinition, t: Translate) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] => {
    const seen = new Set<string>();
    return errors.filter((error) => {
      if (error.name === 'const') return false;
      const field = def.fields.find((candidate) => `.${candidate.key}` === error.property);
      if (field?.type === 'money' && error.name === 'type') error.message = t('validation.money', { decimals: moneyScale(field) });
      const key = `${error.property}\u0000${error.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
}

export interface RecordFormFieldsProps {
  def: EntityDefinition;
  formData: FormData;
  onChange(formData: FormData): void;
  /** Everything shown but nothing editable (a preview that must not be typed into). */
  disabled?: boolean;
  /** Server errors beside the fields. */
  extraErrors?: ErrorSchema;
  /** Names of the records and users the values point to, by id (from RecordView.refs). */
  names?: Record<string, string>;
  /** The record's saved values when editing: a select with transitions offers only where it may go from there. */
  stored?: FormData;
  /** Validates, then hands over the data. Without it the fields render in a <div>, not a <form>, and never validate. */
  onSubmit?(formData: FormData): void;
  /** Under the fields (the buttons of a submitting form). */
  children?: ReactNode;
}

/**
 * The fields of an entity's record form, rendered from formSchemaFor(def, locale, formData):
 * what is shown follows the values typed so far (visibility rules). It saves nothing, so the
 * form designer uses it as a live preview; RecordForm adds saving.
 */
export function RecordFormFields({ def, formData, onChange, disabled, extraErrors, names, stored, onSubmit, children }: RecordFormFieldsProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const shape = visibilityKey(def, formData);
  const form = useMemo(() => {
    try {
      const { schema, uiSchema } = formSchemaFor(def, locale, formData, stored);
      return themedForm(schema, { ...uiSchema, 'ui:submitButtonOptions': { norender: true } });
    } catch (error) {
      return { error: error instanceof Error ? error : new Error(String(error)) };
    }
    // Rebuilt when the definition, the language or the set of visible fields changes, not on every keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [def, locale, shape, stored]);
  const validator = useMemo(
    () =>
      customizeValidator({ AjvClass: Ajv2020, customFormats, ajvOptionsOverrides: { keywords: customKeywords } }, (errors) => {
        for (const error of errors ?? []) error.message = messageForAjvError(error, t);
      }),
    [t],
  );
  const transformErrors = useMemo(() => errorTransformer(def, t), [def, t]);
  const formContext = useMemo<RecordFormContext>(() => ({ entity: def.key, names }), [def.key, names]);
  const formRef = useRef<Form>(null);
  const latest = useRef(formData);
  useEffect(() => {
    latest.current = formData;
  }, [formData]);

  /**
   * Linked fill: a record picked in a relation fills the fields set to take its values, once,
   * through the form's own change queue (so they show, validate and save as if typed; they stay
   * editable). The record is read through the HTTP API, so only what the user may see fills.
   * An answer that arrives after the pick was changed again fills nothing, and a field typed
   * into while the record was being read keeps what was typed.
   */
  async function fillFromPick(id: string | undefined, before: FormData, data: FormData) {
    const pick = linkedPickAt(def, id);
    const picked = pick ? valueAt(data, pick.relationPath) : undefined;
    // Only a new record in the relation is a pick (a fill that puts the same one back is not,
    // so fills that lead to each other stop).
    if (!pick || typeof picked !== 'string' || !picked || valueAt(before, pick.relationPath) === picked) return;
    const atPick = new Map(pick.targets.map((target) => [target.key, JSON.stringify(valueAt(data, [...pick.scopePath, target.key]) ?? null)]));
    try {
      const related = await api<RecordView>(`/api/records/${encodeURIComponent(pick.entity)}/${encodeURIComponent(picked)}`);
      if (valueAt(latest.current, pick.relationPath) !== picked) return;
      for (const { path, value } of linkedValues(pick, related.data)) {
        const now = JSON.stringify(valueAt(latest.current, path) ?? null);
        if (now === atPick.get(String(path[path.length - 1])) && now !== JSON.stringify(value)) formRef.current?.setFieldValue(path, value);
      }
    } catch (error) {
      message.warning(t('form.linkedFillFailed', { message: error instanceof Error ? error.message : String(error) }));
    }
  }

  if ('error' in form) return <Alert type="error" showIcon title={t('form.previewError', { message: form.error.message })} />;
  return (
    <RecordFormRenderer
      ref={formRef}
      schema={form.schema as never}
      uiSchema={form.uiSchema}
      formData={formData}
      formContext={formContext}
      validator={validator}
      transformErrors={transformErrors}
      extraErrors={extraErrors}
      disabled={disabled}
      tagName={onSubmit ? 'form' : 'div'}
      showErrorList={false}
      noHtml5Validate
      focusOnFirstError
      experimental_defaultFormStateBehavior={FORM_DEFAULTS}
      onChange={(event, id) => {
        const next = withFormulas(def, (event.formData ?? {}) as FormData);
        const before = latest.current;
        latest.current = next;
        onChange(next);
        void fillFromPick(id, before, next);
      }}
      onError={() => message.error(t('record.fixErrors'))}
      onSubmit={(event) => onSubmit?.((event.formData ?? {}) as FormData)}
    >
      {children ?? <></>}
    </RecordFormRenderer>
  );
}

/** A definition the form cannot render (a draft mid-edit) shows what is wrong instead of breaking the page. */
export class RecordFormBoundary extends Component<
  { message: (error: Error) => string; resetKey: unknown; children: ReactNode },
  { error: Error | null }
> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidUpdate(previous: { resetKey: unknown }) {
    // The next edit of the definition may well fix it: try again.
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  render() {
    return this.state.error ? <Alert type="error" showIcon title={this.props.message(this.state.error)} /> : this.props.children;
  }
}

/**
 * Create and edit page of any entity's record. The browser validates with the same schema
 * and formats as the server; the server's field errors are shown beside the fields too
 * (until the field is edited), and what was typed stays. An edit sends only the fields that
 * changed (PATCH with if-match), so a value nobody touched is never written again.
 */
/** `overrideLock`: an admin saving a record held by an approval (the server records it). */
export function RecordForm({ def, record, overrideLock }: { def: EntityDefinition; record?: RecordView; overrideLock?: boolean }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const { mutate } = useSWRConfig();
  const [formData, setFormData] = useState<FormData>(() => (record ? { ...record.data } : initialValues(def)));
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>();
  const [busy, setBusy] = useState(false);
  const names = useMemo(() => namesFromRefs(record?.refs), [record?.refs]);

  async function save(data: FormData) {
    const changes = record ? changedValues(record.data, data) : data;
    if (record && Object.keys(changes).length === 0) {
      message.info(t('form.nothingChanged'));
      router.push(`/records/${def.key}/${record.id}`);
      return;
    }
    setBusy(true);
    try {
      const saved = record
        ? await api<RecordView>(`/api/records/${def.key}/${record.id}${overrideLock ? '?overrideLock=1' : ''}`, { method: 'PATCH', body: changes, headers: { 'if-match': String(record.version) } })
        : await api<RecordView>(`/api/records/${def.key}`, { method: 'POST', body: data });
      // A rule that only warns (stock short, by the entity's setting) let the write through: say what it found.
      if (saved.warnings?.length) message.warning({ content: t('record.savedWithWarnings', { warnings: saved.warnings.join(' ') }), duration: 10, ...({ 'data-testid': 'record-save-warnings' } as object) });
      else message.success(t('common.saved'));
      // The record page must show what was saved, not the copy cached before the edit (a fetch
      // made in the last seconds would otherwise be reused without asking again).
      void mutate(`/api/records/${def.key}/${saved.id}`);
      router.push(`/records/${def.key}/${saved.id}`);
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.fields && Object.keys(error.fields).length > 0) {
        setExtraErrors(errorSchemaFromFields(error.fields));
        message.error(error.fields['']?.join(' ') || error.message);
      } else if (error instanceof ApiError && error.status === 409 && record) {
        message.error(t('form.staleRecord'), 8);
      } else {
        message.error(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t(record ? 'record.editTitle' : 'record.new', { entity: text(def.label) })}>
      <RecordFormFields
        def={def}
        formData={formData}
        names={names}
        stored={record?.data}
        extraErrors={extraErrors}
        onChange={(next) => {
          setExtraErrors((errors) => dropErrorsOfChangedFields(errors, formData, next));
          setFormData(next);
        }}
        onSubmit={(data) => void save(data)}
      >
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="record-save">
            {t('common.save')}
          </Button>
          <Button onClick={() => router.back()}>{t('common.cancel')}</Button>
        </Space>
      </RecordFormFields>
    </Card>
  );
}
