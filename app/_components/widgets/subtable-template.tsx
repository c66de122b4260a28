'use client';

import { Button, Form, Grid, Space, Typography, theme } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ArrayFieldItemTemplateProps, ArrayFieldTemplateProps, FieldTemplateProps, ObjectFieldTemplateProps } from '@rjsf/utils';
import type { JsonSchema } from '@/lib/entities/json-schema';
import { useI18n } from '../i18n-provider';
import { subtableColumns, subtableGrid } from './form-layout';

/**
 * A sub-table (array with ui:options.subtable) as a compact grid: the column labels once in
 * a header, one line per row with its cells, buttons to move and remove rows, one to add.
 * On a narrow screen (a phone) each row is a card instead, its cells stacked with their
 * labels, so every column can be seen and typed in without scrolling sideways.
 * Computed columns (formulas) arrive read-only from the schema and render disabled.
 */
const GAP = 8;

/** Below antd's md breakpoint (768 px) rows are cards; until the screen is measured, the grid. */
export function useNarrowSubtable(): boolean {
  return Grid.useBreakpoint().md === false;
}
const TOOLBAR_WIDTH = 104;

const lineStyle = { display: 'flex', gap: GAP, alignItems: 'flex-start' } as const;

export function SubtableArrayTemplate({ fieldPathId, items, canAdd, onAddClick, disabled, readonly, schema, uiSchema }: ArrayFieldTemplateProps) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const columns = subtableColumns((schema.items ?? {}) as JsonSchema, (uiSchema?.items ?? {}) as Record<string, unknown>);
  const grid = subtableGrid(columns.length);
  const minWidth = columns.length * (140 + GAP) + TOOLBAR_WIDTH;
  const narrow = useNarrowSubtable();
  const addButton = canAdd && !readonly && (
    <Button type="dashed" icon={<PlusOutlined />} disabled={disabled} onClick={onAddClick} data-testid={`${fieldPathId.$id}-add`} block={narrow}>
      {t('form.addRow')}
    </Button>
  );
  if (narrow) {
    return (
      <div id={fieldPathId.$id} data-testid={`${fieldPathId.$id}-cards`}>
        {items}
        {items.length === 0 && (
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: GAP }}>
            {t('form.noRows')}
          </Typography.Text>
        )}
        {addButton}
      </div>
    );
  }
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
      {addButton}
    </div>
  );
}

/** One row: its cells (the row object's template lays them out), then its buttons. */
export function SubtableItemTemplate({ children, buttonsProps, hasToolbar, disabled, readonly, index }: ArrayFieldItemTemplateProps) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const narrow = useNarrowSubtable();
  const locked = disabled || readonly;
  const { hasMoveUp, hasMoveDown, hasRemove, onMoveUpItem, onMoveDownItem, onRemoveItem } = buttonsProps;
  if (narrow) {
    return (
      <div style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadiusLG, padding: 12, marginBottom: GAP }} data-testid="subtable-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: GAP }}>
          <Typography.Text type="secondary">{t('form.rowNumber', { number: index + 1 })}</Typography.Text>
          {hasToolbar && !locked && (
            <Space.Compact>
              {(hasMoveUp || hasMoveDown) && <Button size="small" icon={<ArrowUpOutlined />} title={t('form.moveUp')} aria-label={t('form.moveUp')} disabled={!hasMoveUp} onClick={onMoveUpItem} />}
              {(hasMoveUp || hasMoveDown) && (
                <Button size="small" icon={<ArrowDownOutlined />} title={t('form.moveDown')} aria-label={t('form.moveDown')} disabled={!hasMoveDown} onClick={onMoveDownItem} />
              )}
              {hasRemove && <Button size="small" danger icon={<DeleteOutlined />} title={t('form.removeRow')} aria-label={t('form.removeRow')} onClick={onRemoveItem} />}
            </Space.Compact>
          )}
        </div>
        {children}
      </div>
    );
  }
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

/** The cells of one row, on the header's grid; in a card (narrow screens) stacked, each under its label. */
export function SubtableRowTemplate({ fieldPathId, properties, schema, uiSchema }: ObjectFieldTemplateProps) {
  const cells = properties.filter((property) => !property.hidden);
  const { token } = theme.useToken();
  const narrow = useNarrowSubtable();
  if (narrow) {
    const columns = subtableColumns(schema as JsonSchema, (uiSchema ?? {}) as Record<string, unknown>);
    return (
      <div id={fieldPathId.$id} style={{ display: 'flex', flexDirection: 'column', gap: GAP }}>
        {cells.map((cell) => {
          const column = columns.find((candidate) => candidate.key === cell.name);
          return (
            <div key={cell.name} style={{ minWidth: 0 }}>
              <Typography.Text strong style={{ display: 'block', marginBottom: 2 }}>
                {column?.required && <span style={{ color: token.colorError, marginInlineEnd: 4 }}>*</span>}
                {column?.title ?? cell.name}
              </Typography.Text>
              {cell.content}
            </div>
          );
        })}
      </div>
    );
  }
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
