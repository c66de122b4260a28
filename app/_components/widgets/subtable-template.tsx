'use client';

import { Button, Form, Space, Typography, theme } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ArrayFieldItemTemplateProps, ArrayFieldTemplateProps, FieldTemplateProps, ObjectFieldTemplateProps } from '@rjsf/utils';
import type { JsonSchema } from '@/lib/entities/json-schema';
import { useI18n } from '../i18n-provider';
import { subtableColumns, subtableGrid } from './form-layout';

/**
 * A sub-table (array with ui:options.subtable) as a compact grid: the column labels once in
 * a header, one line per row with its cells, buttons to move and remove rows, one to add.
 * Computed columns (formulas) arrive read-only from the schema and render disabled.
 */
const GAP = 8;
const TOOLBAR_WIDTH = 104;

const lineStyle = { display: 'flex', gap: GAP, alignItems: 'flex-start' } as const;

export function SubtableArrayTemplate({ fieldPathId, items, canAdd, onAddClick, disabled, readonly, schema, uiSchema }: ArrayFieldTemplateProps) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const columns = subtableColumns((schema.items ?? {}) as JsonSchema, (uiSchema?.items ?? {}) as Record<string, unknown>);
  const grid = subtableGrid(columns.length);
  const minWidth = columns.length * (140 + GAP) + TOOLBAR_WIDTH;
  return (
    <div id={fieldPathId.$id}>
      <div style={{ overflowX: 'auto' }}>
        <div style={{ minWidth }}>
          <div style={{ ...lineStyle, padding: '4px 0', marginBottom: GAP, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
            <div style={{ flex: 1, minWidth: 0, display: 'grid', gridTemplateColumns: grid, gap: GAP }}>
              {columns.map((column) => (
                <Typography.Text key={column.key} strong ellipsis={{ tooltip: column.title }}>
                  {column.required && <span style={{ color: token.colorError, marginInlineEnd: 4 }}>*</span>}
                  {column.title}
                </Typography.Text>
              ))}
            </div>
            <div style={{ width: TOOLBAR_WIDTH, flex: 'none' }} />
          </div>
          {items}
          {items.length === 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: GAP }}>
              {t('form.noRows')}
            </Typography.Text>
          )}
        </div>
      </div>
      {canAdd && !readonly && (
        <Button type="dashed" icon={<PlusOutlined />} disabled={disabled} onClick={onAddClick} data-testid={`${fieldPathId.$id}-add`}>
          {t('form.addRow')}
        </Button>
      )}
    </div>
  );
}

/** One row: its cells (the row object's template lays them out), then its buttons. */
export function SubtableItemTemplate({ children, buttonsProps, hasToolbar, disabled, readonly }: ArrayFieldItemTemplateProps) {
  const { t } = useI18n();
  const locked = disabled || readonly;
  const { hasMoveUp, hasMoveDown, hasRemove, onMoveUpItem, onMoveDownItem, onRemoveItem } = buttonsProps;
  return (
    <div style={{ ...lineStyle, marginBottom: GAP }}>
      <div style={{ flex: 1, minWidth: 0 }}>{children}</div>
      <div style={{ width: TOOLBAR_WIDTH, flex: 'none' }}>
        {hasToolbar && !locked && (
          <Space.Compact>
            {(hasMoveUp || hasMoveDown) && <Button icon={<ArrowUpOutlined />} title={t('form.moveUp')} aria-label={t('form.moveUp')} disabled={!hasMoveUp} onClick={onMoveUpItem} />}
            {(hasMoveUp || hasMoveDown) && (
              <Button icon={<ArrowDownOutlined />} title={t('form.moveDown')} aria-label={t('form.moveDown')} disabled={!hasMoveDown} onClick={onMoveDownItem} />
            )}
            {hasRemove && <Button danger icon={<DeleteOutlined />} title={t('form.removeRow')} aria-label={t('form.removeRow')} onClick={onRemoveItem} />}
          </Space.Compact>
        )}
      </div>
    </div>
  );
}

/** The cells of one row, on the header's grid. */
export function SubtableRowTemplate({ fieldPathId, properties }: ObjectFieldTemplateProps) {
  const cells = properties.filter((property) => !property.hidden);
  return (
    <div id={fieldPathId.$id} style={{ display: 'grid', gridTemplateColumns: subtableGrid(cells.length), gap: GAP }}>
      {cells.map((cell) => (
        <div key={cell.name} style={{ minWidth: 0 }}>
          {cell.content}
        </div>
      ))}
    </div>
  );
}

/** A cell (or a row): the input and its errors, no label and no spacing below. */
export function SubtableCellTemplate({ id, children, errors, rawErrors, hidden }: FieldTemplateProps) {
  if (hidden) return <div className="rjsf-field-hidden">{children}</div>;
  const failed = (rawErrors?.length ?? 0) > 0;
  return (
    <Form.Item htmlFor={id} style={{ marginBottom: 0 }} validateStatus={failed ? 'error' : undefined} help={failed ? errors : undefined}>
      {children}
    </Form.Item>
  );
}
