'use client';

import { createContext, useContext } from 'react';
import { Button, Checkbox, Input, InputNumber, Radio, Select, Space, TimePicker } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { FieldProps, RegistryFieldsType, RegistryWidgetsType, WidgetProps } from '@rjsf/utils';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FilterOperator } from '@/lib/fields/field.types';
import { operatorsFor } from '@/lib/fields/registry';
import type { PeopleSpec } from '@/lib/users/people';
import type { ConditionGroup, ScheduleSpec, WorkflowCondition } from '@/lib/workflows/workflow.types';
import { useI18n } from '../i18n-provider';

/** What the settings forms know beyond their own values: entities, the trigger's entity, earlier steps, people. */
export interface DesignerContext {
  entities: EntityDefinition[];
  triggerEntity: EntityDefinition | null;
  /** The trigger kind (updated triggers offer old.<field> in conditions). */
  triggerKind: string;
  earlier: { id: string; label: string }[];
  users: { id: string; name: string }[];
  roles: { key: string; name: string }[];
}

export const DesignerContextValue = createContext<DesignerContext>({ entities: [], triggerEntity: null, triggerKind: '', earlier: [], users: [], roles: [] });
export const useDesigner = () => useContext(DesignerContextValue);

/** The entity a form part works on: its own "entity" setting, the target's, or the trigger's. */
function entityFor(ctx: DesignerContext, from: string | undefined, formData: Record<string, unknown> | undefined): EntityDefinition | null {
  const own = typeof formData?.entity === 'string' ? ctx.entities.find((entity) => entity.key === formData.entity) : undefined;
  if (from === 'entity') return own ?? null;
  return own ?? ctx.triggerEntity;
}

function EntityWidget({ value, onChange, options }: WidgetProps) {
  const { entities } = useDesigner();
  const { text, t } = useI18n();
  return (
    <Select
      data-testid="wf-entity"
      value={value || undefined}
      allowClear={Boolean(options.allowEmpty)}
      placeholder={t('designer.wf.chooseEntity')}
      showSearch={{ optionFilterProp: 'label' }}
      onChange={(next) => onChange(next ?? undefined)}
      options={entities.map((entity) => ({ value: entity.key, label: `${text(entity.label)} (${entity.key})` }))}
      style={{ minWidth: 240 }}
    />
  );
}

function fieldOptions(def: EntityDefinition | null, types: string[] | undefined, text: (value: never) => string) {
  return (def?.fields ?? []).filter((field) => !types || types.includes(field.type)).map((field) => ({ value: field.key, label: `${text(field.label as never)} (${field.key})` }));
}

function TriggerFieldWidget({ value, onChange, options }: WidgetProps) {
  const { triggerEntity } = useDesigner();
  const { text, t } = useI18n();
  return (
    <Select
      value={value || undefined}
      allowClear
      placeholder={t('designer.wf.chooseField')}
      onChange={(next) => onChange(next ?? undefined)}
      options={fieldOptions(triggerEntity, options.types as string[] | undefined, text as never)}
      style={{ minWidth: 240 }}
    />
  );
}

function TriggerFieldsWidget({ value, onChange }: WidgetProps) {
  const { triggerEntity } = useDesigner();
  const { text, t } = useI18n();
  return <Select mode="multiple" value={value ?? []} placeholder={t('designer.wf.chooseField')} onChange={(next) => onChange(next)} options={fieldOptions(triggerEntity, undefined, text as never)} style={{ minWidth: 280 }} />;
}

function TemplateWidget({ value, onChange, options, id }: WidgetProps) {
  const rows = options.rows as number | undefined;
  return rows ? (
    <Input.TextArea id={id} rows={rows} value={value ?? ''} onChange={(event) => onChange(event.target.value)} />
  ) : (
    <Input id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value)} />
  );
}

function TargetWidget({ value, onChange }: WidgetProps) {
  const { triggerEntity, earlier } = useDesigner();
  const { t, text } = useI18n();
  const relations = (triggerEntity?.fields ?? []).filter((field) => field.type === 'relation');
  return (
    <Select
      value={value ?? 'trigger'}
      onChange={(next) => onChange(next)}
      style={{ minWidth: 280 }}
      options={[
        { value: 'trigger', label: t('designer.wf.target.trigger') },
        ...earlier.map((step) => ({ value: `{{steps.${step.id}}}`, label: step.label })),
        ...relations.map((field) => ({ value: `{{${field.key}}}`, label: text(field.label) })),
      ]}
    />
  );
}

function EntityActionWidget({ value, onChange }: WidgetProps) {
  const { triggerEntity } = useDesigner();
  const { text } = useI18n();
  return <Select value={value || undefined} onChange={(next) => onChange(next)} style={{ minWidth: 240 }} options={(triggerEntity?.actions ?? []).map((action) => ({ value: action.key, label: text(action.label) }))} />;
}

const ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai', 'UTC'];

function TimezoneWidget({ value, onChange }: WidgetProps) {
  return <Select showSearch value={value || undefined} onChange={(next) => onChange(next)} options={ZONES.map((zone) => ({ value: zone, label: zone }))} style={{ minWidth: 240 }} />;
}

/** A literal typed as text becomes a number when it reads as one (placeholders stay text). */
function literal(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed !== '' && !trimmed.includes('{{') && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true') return true;
  if (/^\{\s*"daysFromNow"\s*:\s*-?\d+\s*\}$/.test(trimmed)) return JSON.parse(trimmed);
  if (trimmed === 'false') return false;
  return text;
}

const shown = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** Fields to set: one row per field of the entity, each a value with placeholders. */
function ValuesField({ formData, onChange, uiSchema, registry, fieldPathId }: FieldProps) {
  const ctx = useDesigner();
  const { t, text } = useI18n();
  const parent = (registry.formContext as { parent?: Record<string, unknown> } | undefined)?.parent;
  const def = entityFor(ctx, uiSchema?.['ui:options']?.entityFrom as string | undefined, parent);
  const values = (formData ?? {}) as Record<string, unknown>;
  const set = (next: Record<string, unknown>) => onChange(next, fieldPathId.path);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {Object.entries(values).map(([key, value]) => (
        <Space key={key} wrap>
          <Select
            value={key}
            style={{ width: 200 }}
            onChange={(next) => set(Object.fromEntries(Object.entries(values).map(([k, v]) => (k === key ? [next, v] : [k, v]))))}
            options={fieldOptions(def, undefined, text as never)}
          />
          <Input style={{ width: 280 }} value={shown(value)} placeholder={t('designer.wf.value')} onChange={(event) => set({ ...values, [key]: literal(event.target.value) })} />
          <Button type="text" icon={<DeleteOutlined />} onClick={() => set(Object.fromEntries(Object.entries(values).filter(([k]) => k !== key)))} aria-label={t('common.delete')} />
        </Space>
      ))}
      <Select
        value={null}
        placeholder={
          <span>
            <PlusOutlined /> {t('designer.wf.addValue')}
          </span>
        }
        style={{ width: 240 }}
        onChange={(key: string) => set({ ...values, [key]: '' })}
        options={fieldOptions(def, undefined, text as never).filter((option) => !(option.value in values))}
        data-testid="wf-add-value"
      />
    </Space>
  );
}

function KeyValuesField({ formData, onChange, fieldPathId }: FieldProps) {
  const { t } = useI18n();
  const values = (formData ?? {}) as Record<string, unknown>;
  const rows = Object.entries(values);
  const set = (next: [string, unknown][]) => onChange(Object.fromEntries(next), fieldPathId.path);
  return (
    <Space orientation="vertical">
      {rows.map(([key, value], index) => (
        <Space key={index}>
          <Input style={{ width: 160 }} value={key} onChange={(event) => set(rows.map((row, at) => (at === index ? [event.target.value, row[1]] : row)))} />
          <Input style={{ width: 260 }} value={shown(value)} onChange={(event) => set(rows.map((row, at) => (at === index ? [row[0], literal(event.target.value)] : row)))} />
          <Button type="text" icon={<DeleteOutlined />} onClick={() => set(rows.filter((_, at) => at !== index))} aria-label={t('common.delete')} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => set([...rows, [`key${rows.length + 1}`, '']])}>
        {t('designer.wf.addValue')}
      </Button>
    </Space>
  );
}

const PEOPLE_TYPES: PeopleSpec['type'][] = ['users', 'role', 'field', 'owner', 'owner_manager', 'submitter_manager'];

function PersonSpec({ spec, onChange, allowed }: { spec: PeopleSpec; onChange: (spec: PeopleSpec) => void; allowed: PeopleSpec['type'][] }) {
  const { users, roles, triggerEntity } = useDesigner();
  const { t, text } = useI18n();
  return (
    <Space wrap>
      <Select
        value={spec.type}
        style={{ width: 200 }}
        data-testid="wf-people-type"
        onChange={(type: PeopleSpec['type']) => onChange(type === 'users' ? { type, users: [] } : type === 'role' ? { type, role: roles[0]?.key ?? '' } : type === 'field' ? { type, field: '' } : ({ type } as PeopleSpec))}
        options={allowed.map((type) => ({ value: type, label: t(`designer.wf.people.${type}`) }))}
      />
      {spec.type === 'users' && (
        <Select mode="multiple" style={{ minWidth: 240 }} value={spec.users} showSearch={{ optionFilterProp: 'label' }} onChange={(next) => onChange({ type: 'users', users: next })} options={users.map((user) => ({ value: user.id, label: user.name }))} data-testid="wf-people-users" />
      )}
      {spec.type === 'role' && <Select style={{ width: 160 }} value={spec.role} onChange={(role) => onChange({ type: 'role', role })} options={roles.map((role) => ({ value: role.key, label: role.name || role.key }))} />}
      {spec.type === 'field' && <Select style={{ width: 200 }} value={spec.field || undefined} onChange={(field) => onChange({ type: 'field', field })} options={fieldOptions(triggerEntity, ['user'], text as never)} />}
    </Space>
  );
}

/** Who: one spec (an approval level, an assignment) or a list of them (recipients). */
function PeopleField({ formData, onChange, uiSchema, fieldPathId }: FieldProps) {
  const { t } = useI18n();
  const options = uiSchema?.['ui:options'] ?? {};
  const allowed = (options.allowed as PeopleSpec['type'][] | undefined) ?? PEOPLE_TYPES;
  if (options.single) {
    const spec = (formData as PeopleSpec | undefined) ?? ({ type: allowed[0] } as PeopleSpec);
    return <PersonSpec spec={spec} allowed={allowed} onChange={(next) => onChange(next, fieldPathId.path)} />;
  }
  const list = (Array.isArray(formData) ? formData : []) as PeopleSpec[];
  const set = (next: PeopleSpec[]) => onChange(next, fieldPathId.path);
  return (
    <Space orientation="vertical">
      {list.map((spec, index) => (
        <Space key={index}>
          <PersonSpec spec={spec} allowed={allowed} onChange={(next) => set(list.map((old, at) => (at === index ? next : old)))} />
          <Button type="text" icon={<DeleteOutlined />} onClick={() => set(list.filter((_, at) => at !== index))} aria-label={t('common.delete')} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => set([...list, { type: 'owner' }])}>
        {t('designer.wf.addPeople')}
      </Button>
    </Space>
  );
}

/** The conditions builder: the list's operators per field, plus old.<field> and earlier steps' values. */
export function ConditionsEditor({ value, onChange, entity, withOld }: { value: ConditionGroup | undefined; onChange: (group: ConditionGroup) => void; entity: EntityDefinition | null; withOld: boolean }) {
  const { earlier } = useDesigner();
  const { t, text } = useI18n();
  const group: ConditionGroup = value ?? { match: 'all', conditions: [] };
  const fields = (entity?.fields ?? []).filter((field) => field.type !== 'subtable');
  const subjects = [
    ...fields.map((field) => ({ value: field.key, label: text(field.label), field })),
    ...(withOld ? fields.map((field) => ({ value: `old.${field.key}`, label: `${text(field.label)} (old)`, field })) : []),
    ...earlier.map((step) => ({ value: `steps.${step.id}`, label: step.label, field: undefined })),
  ];
  const VARIABLE_OPS: FilterOperator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'empty', 'notEmpty'];
  const opsOf = (path: string) => {
    const subject = subjects.find((candidate) => candidate.value === path || path.startsWith(`${candidate.value}.`));
    return subject?.field ? operatorsFor(subject.field).filter((op) => op !== 'isMe') : VARIABLE_OPS;
  };
  const set = (conditions: WorkflowCondition[]) => onChange({ ...group, conditions });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="wf-conditions">
      {group.conditions.length > 1 && (
        <Radio.Group
          size="small"
          value={group.match}
          onChange={(event) => onChange({ ...group, match: event.target.value })}
          optionType="button"
          options={[
            { value: 'all', label: t('views.filter.all') },
            { value: 'any', label: t('views.filter.any') },
          ]}
        />
      )}
      {group.conditions.length === 0 && <span style={{ color: '#999' }}>{t('designer.wf.noConditions')}</span>}
      {group.conditions.map((condition, index) => {
        const ops = opsOf(condition.field);
        const list = ['anyOf', 'noneOf', 'allOf'].includes(condition.op);
        const none = ['empty', 'notEmpty', 'isTrue', 'isFalse'].includes(condition.op);
        const update = (next: Partial<WorkflowCondition>) => set(group.conditions.map((old, at) => (at === index ? { ...old, ...next } : old)));
        return (
          <Space key={index} wrap data-testid={`wf-condition-${index}`}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 200 }}
              value={condition.field || undefined}
              onChange={(field: string) => update({ field, op: opsOf(field)[0], value: undefined })}
              options={subjects.map(({ value, label }) => ({ value, label }))}
              data-testid={`wf-condition-field-${index}`}
            />
            <Select style={{ width: 140 }} value={condition.op} onChange={(op: FilterOperator) => update({ op })} options={ops.map((op) => ({ value: op, label: t(`views.op.${op}` as never) }))} data-testid={`wf-condition-op-${index}`} />
            {!none &&
              (list ? (
                <Select mode="tags" style={{ minWidth: 200 }} value={Array.isArray(condition.value) ? (condition.value as string[]) : []} onChange={(next) => update({ value: next })} />
              ) : (
                <Input style={{ width: 200 }} value={shown(condition.value)} onChange={(event) => update({ value: literal(event.target.value) })} data-testid={`wf-condition-value-${index}`} />
              ))}
            <Button type="text" icon={<DeleteOutlined />} onClick={() => set(group.conditions.filter((_, at) => at !== index))} aria-label={t('common.delete')} />
          </Space>
        );
      })}
      <Button size="small" icon={<PlusOutlined />} onClick={() => set([...group.conditions, { field: subjects[0]?.value ?? '', op: opsOf(subjects[0]?.value ?? '')[0] ?? 'eq' }])} data-testid="wf-condition-add">
        {t('designer.wf.addCondition')}
      </Button>
    </Space>
  );
}

function ConditionsField({ formData, onChange, uiSchema, registry, fieldPathId }: FieldProps) {
  const ctx = useDesigner();
  const parent = (registry.formContext as { parent?: Record<string, unknown> } | undefined)?.parent;
  const entity = entityFor(ctx, uiSchema?.['ui:options']?.entityFrom as string | undefined, parent);
  return <ConditionsEditor value={formData as ConditionGroup} onChange={(next) => onChange(next, fieldPathId.path)} entity={entity} withOld={false} />;
}

function ScheduleField({ formData, onChange, fieldPathId }: FieldProps) {
  const { t } = useI18n();
  const spec = (formData ?? { frequency: 'daily', time: '09:00', timezone: 'Asia/Shanghai' }) as ScheduleSpec;
  const set = (next: Partial<ScheduleSpec>) => onChange({ ...spec, ...next }, fieldPathId.path);
  return (
    <Space orientation="vertical" data-testid="wf-schedule">
      <Radio.Group
        value={spec.frequency}
        optionType="button"
        onChange={(event) => set({ frequency: event.target.value, weekdays: event.target.value === 'weekly' ? [1] : undefined, monthDay: event.target.value === 'monthly' ? 1 : undefined })}
        options={(['daily', 'weekly', 'monthly'] as const).map((value) => ({ value, label: t(`designer.wf.schedule.${value}`) }))}
      />
      {spec.frequency === 'weekly' && (
        <Checkbox.Group value={spec.weekdays ?? []} onChange={(days) => set({ weekdays: (days as number[]).sort() })} options={[1, 2, 3, 4, 5, 6, 7].map((day) => ({ value: day, label: t(`designer.wf.weekday.${day}` as never) }))} />
      )}
      {spec.frequency === 'monthly' && (
        <Space>
          {t('designer.wf.schedule.monthDay')}
          <InputNumber min={1} max={31} precision={0} value={spec.monthDay} onChange={(day) => set({ monthDay: day ?? 1 })} />
        </Space>
      )}
      <Space wrap>
        {t('designer.wf.schedule.at')}
        <TimePicker format="HH:mm" value={dayjs(`2000-01-01T${spec.time}`)} onChange={(time) => time && set({ time: time.format('HH:mm') })} allowClear={false} data-testid="wf-schedule-time" />
        {t('designer.wf.schedule.timezone')}
        <Select showSearch value={spec.timezone} onChange={(timezone) => set({ timezone })} options={ZONES.map((zone) => ({ value: zone, label: zone }))} style={{ width: 220 }} />
      </Space>
    </Space>
  );
}

function StatusValuesField({ formData, onChange, registry, fieldPathId }: FieldProps) {
  const { triggerEntity } = useDesigner();
  const { t, text } = useI18n();
  const parent = (registry.formContext as { parent?: Record<string, unknown> } | undefined)?.parent;
  const field = triggerEntity?.fields.find((candidate) => candidate.key === parent?.statusField);
  const values = (formData ?? {}) as Record<string, string>;
  if (!field) return null;
  return (
    <Space wrap>
      {(['pending', 'approved', 'rejected', 'returned', 'withdrawn'] as const).map((state) => (
        <Space key={state} orientation="vertical" size={0}>
          <span>{t(`approvals.status.${state}`)}</span>
          <Select allowClear style={{ width: 140 }} value={values[state]} onChange={(value) => onChange({ ...values, [state]: value ?? undefined }, fieldPathId.path)} options={(field.options ?? []).map((option) => ({ value: option.value, label: text(option.label) }))} />
        </Space>
      ))}
    </Space>
  );
}

export const WORKFLOW_WIDGETS: RegistryWidgetsType = {
  entity: EntityWidget,
  triggerField: TriggerFieldWidget,
  triggerFields: TriggerFieldsWidget,
  template: TemplateWidget,
  target: TargetWidget,
  entityAction: EntityActionWidget,
  timezone: TimezoneWidget,
};

export const WORKFLOW_FIELDS: RegistryFieldsType = {
  values: ValuesField,
  keyValues: KeyValuesField,
  people: PeopleField,
  conditions: ConditionsField,
  schedule: ScheduleField,
  statusValues: StatusValuesField,
};
