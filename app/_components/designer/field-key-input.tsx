'use client';

import { useState } from 'react';
import { Form, Input } from 'antd';
import { FIELD_KEY_PATTERN } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';

/**
 * The stored key of a field. Editable until published (records store values under it);
 * applied on blur or Enter, so references are not renamed at every keystroke.
 */
export function FieldKeyInput({ value, taken, locked, onRename }: { value: string; taken: string[]; locked: boolean; onRename: (key: string) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  // Another field was selected (or the key changed elsewhere): start from its key.
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }
  const error = draft === value ? null : !FIELD_KEY_PATTERN.test(draft) ? t('designer.field.keyInvalid') : taken.includes(draft) ? t('designer.field.keyTaken') : null;
  // An invalid key stays in the box with its error until fixed; the field keeps its old key meanwhile.
  const commit = () => {
    if (draft !== value && !error) onRename(draft);
  };
  return (
    <Form.Item
      label={t('designer.setting.key')}
      validateStatus={error ? 'error' : undefined}
      help={error ?? (locked ? t('designer.field.keyLocked') : t('designer.field.keyHelp'))}
    >
      <Input
        value={draft}
        disabled={locked}
        style={{ fontFamily: 'monospace' }}
        data-testid="designer-setting-key"
        onChange={(event) => setDraft(event.target.value.trim())}
        onBlur={commit}
        onPressEnter={commit}
      />
    </Form.Item>
  );
}
