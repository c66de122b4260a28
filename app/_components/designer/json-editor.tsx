'use client';

import { useState } from 'react';
import { Alert, Button, Input, Space, Typography } from 'antd';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';

const pretty = (def: EntityDefinition) => JSON.stringify(def, null, 2);

/** The shape the designer needs to show a definition; the server checks the rest on save. */
function shapeError(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the definition must be a JSON object';
  const def = value as Partial<EntityDefinition>;
  if (typeof def.key !== 'string') return '"key" must be a string';
  if (typeof def.label !== 'object' || def.label === null) return '"label" must be an object {"zh-CN", "en"}';
  if (!Array.isArray(def.fields)) return '"fields" must be a list';
  if (def.fields.some((field) => typeof field?.key !== 'string' || typeof field?.type !== 'string')) return 'every field needs a "key" and a "type"';
  if (typeof def.listView !== 'object' || def.listView === null || !Array.isArray(def.listView.columns) || !Array.isArray(def.listView.sort)) {
    return '"listView" must have "columns" and "sort" lists';
  }
  return null;
}

/** The whole definition as text, for bulk edits and copying between systems. */
export function JsonEditor({ def, onApply }: { def: EntityDefinition; onApply: (def: EntityDefinition) => void }) {
  const { t } = useI18n();
  const [source, setSource] = useState(() => pretty(def));
  const [basis, setBasis] = useState(def);
  const [error, setError] = useState<string | null>(null);
  // Edits made in the other tabs show up here unless this text has unapplied edits of its own.
  const edited = source !== pretty(basis);
  if (basis !== def && !edited) {
    setBasis(def);
    setSource(pretty(def));
  }

  function apply() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch (err) {
      setError(t('designer.json.parseError', { message: (err as Error).message }));
      return;
    }
    const problem = shapeError(parsed);
    if (problem) return setError(t('designer.json.shapeError', { message: problem }));
    setError(null);
    setBasis(parsed as EntityDefinition);
    setSource(pretty(parsed as EntityDefinition));
    onApply(parsed as EntityDefinition);
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('designer.json.hint')}</Typography.Text>
      {error && <Alert type="error" showIcon title={error} data-testid="designer-json-error" />}
      <Input.TextArea
        value={source}
        spellCheck={false}
        autoSize={{ minRows: 20, maxRows: 40 }}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
        data-testid="designer-json-text"
        onChange={(event) => setSource(event.target.value)}
      />
      <Space>
        <Button type="primary" disabled={!edited} data-testid="designer-json-apply" onClick={apply}>
          {t('designer.json.apply')}
        </Button>
        <Button
          disabled={!edited}
          data-testid="designer-json-revert"
          onClick={() => {
            setSource(pretty(def));
            setBasis(def);
            setError(null);
          }}
        >
          {t('designer.json.revert')}
        </Button>
      </Space>
    </Space>
  );
}
