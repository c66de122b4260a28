'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import useSWR from 'swr';
import Form from '@rjsf/antd';
import validator from '@rjsf/validator-ajv8';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { Alert, App, Badge, Button, Card, Drawer, Dropdown, Input, List, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, BranchesOutlined, DeleteOutlined, ExperimentOutlined, HistoryOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { LocalizedText } from '@/lib/i18n/locale';
import type { MessageKey } from '@/lib/i18n/messages';
import type { PublicUser } from '@/lib/users/user.types';
import type { ConditionGroup, WorkflowAction, WorkflowDefinition, WorkflowTrigger } from '@/lib/workflows/workflow.types';
import { useI18n } from '../i18n-provider';
import { ConditionsEditor, DesignerContextValue, WORKFLOW_FIELDS, WORKFLOW_WIDGETS, type DesignerContext } from './workflow-widgets';

interface Catalog {
  triggers: { key: string; label: LocalizedText; description: LocalizedText; entity: string; schema: RJSFSchema; ui: UiSchema; defaults: Record<string, unknown> }[];
  steps: { type: string; label: LocalizedText; description: LocalizedText; group: string; schema: RJSFSchema; ui: UiSchema; defaults: Record<string, unknown> }[];
}
interface Problem {
  at: string;
  message: string;
}
interface TestRun {
  conditionsHold: boolean;
  outcome: string;
  error: string | null;
  steps: { stepId: string; type: string; status: string; input?: unknown; output?: unknown; error?: string | null }[];
}

const blank = (): WorkflowDefinition => ({
  key: '',
  version: 0,
  name: { 'zh-CN': '', en: '' },
  enabled: true,
  trigger: { event: 'created', entity: '' },
  actions: [],
});

/** Titles and option names of a kind's settings schema in the admin's language. */
function localise(schema: RJSFSchema, ui: UiSchema, t: (key: MessageKey) => string): { schema: RJSFSchema; ui: UiSchema } {
  const has = (key: string) => t(key as MessageKey) !== key;
  const walk = (node: RJSFSchema, uiNode: UiSchema): [RJSFSchema, UiSchema] => {
    const next: RJSFSchema = { ...node };
    const nextUi: UiSchema = { ...uiNode };
    if (typeof node.title === 'string' && has(`designer.wf.setting.${node.title}`)) next.title = t(`designer.wf.setting.${node.title}` as MessageKey);
    if (Array.isArray(node.enum)) {
      const names = (node.enum as string[]).map((value) => (has(`designer.wf.mode.${value}`) ? t(`designer.wf.mode.${value}` as MessageKey) : has(`designer.wf.owner.${value}`) ? t(`designer.wf.owner.${value}` as MessageKey) : String(value)));
      nextUi['ui:enumNames'] = names;
    }
    if (node.properties) {
      next.properties = {};
      for (const [key, child] of Object.entries(node.properties)) {
        const [c, u] = walk(child as RJSFSchema, (uiNode?.[key] as UiSchema) ?? {});
        next.properties[key] = c;
        nextUi[key] = u;
      }
    }
    if (node.items && !Array.isArray(node.items)) {
      const [c, u] = walk(node.items as RJSFSchema, (uiNode?.items as UiSchema) ?? {});
      next.items = c;
      nextUi.items = u;
    }
    return [next, nextUi];
  };
  const [s, u] = walk(schema, ui);
  return { schema: s, ui: { ...u, 'ui:submitButtonOptions': { norender: true } } };
}

/** A kind's settings as a form drawn from its schema; what the form changes goes straight into the draft. */
function SettingsForm({ schema, ui, value, onChange, testId }: { schema: RJSFSchema; ui: UiSchema; value: Record<string, unknown>; onChange: (next: Record<string, unknown>) => void; testId: string }) {
  const { t } = useI18n();
  const localised = useMemo(() => localise(schema, ui, t), [schema, ui, t]);
  return (
    <div data-testid={testId}>
      <Form
        schema={localised.schema}
        uiSchema={localised.ui}
        formData={value}
        validator={validator}
        widgets={WORKFLOW_WIDGETS}
        fields={WORKFLOW_FIELDS}
        formContext={{ parent: value }}
        onChange={(event) => onChange((event.formData ?? {}) as Record<string, unknown>)}
        noHtml5Validate
        showErrorList={false}
        liveValidate={false}
      />
    </div>
  );
}

function settingsOf<T extends object>(node: T, drop: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).filter(([key]) => !drop.includes(key)));
}

function nextId(type: string, taken: Set<string>): string {
  const base = type.replace(/_/g, '-').slice(0, 20);
  for (let n = 1; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function allIds(steps: WorkflowAction[]): string[] {
  return steps.flatMap((step) => [step.id, ...(step.type === 'branch' ? [...step.branches.flatMap((branch) => allIds(branch.actions)), ...allIds(step.otherwise ?? [])] : [])]);
}

interface StepListProps {
  steps: WorkflowAction[];
  onChange: (steps: WorkflowAction[]) => void;
  catalog: Catalog;
  problems: Problem[];
  taken: Set<string>;
  earlier: { id: string; label: string }[];
  depth: number;
}

function AddStep({ catalog, onAdd, testId }: { catalog: Catalog; onAdd: (type: string) => void; testId: string }) {
  const { t, text } = useI18n();
  const groups = ['records', 'people', 'messages', 'flow'];
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        onClick: ({ key }) => onAdd(key),
        items: groups.map((group) => ({
          key: group,
          type: 'group' as const,
          label: t(`designer.wf.group.${group}` as MessageKey),
          children: catalog.steps.filter((kind) => kind.group === group).map((kind) => ({ key: kind.type, label: <span data-testid={`wf-add-${kind.type}`}>{text(kind.label)}</span> })),
        })),
      }}
    >
      <Button icon={<PlusOutlined />} type="dashed" data-testid={testId}>
        {t('designer.wf.addStep')}
      </Button>
    </Dropdown>
  );
}

function StepCard({ step, index, count, props, onChange, onRemove, onMove }: { step: WorkflowAction; index: number; count: number; props: StepListProps; onChange: (step: WorkflowAction) => void; onRemove: () => void; onMove: (delta: number) => void }) {
  const { t, text } = useI18n();
  const kind = props.catalog.steps.find((candidate) => candidate.type === step.type);
  const mine = props.problems.filter((problem) => problem.at === step.id);
  const earlier = props.earlier;
  return (
    <Card
      size="small"
      data-testid={`wf-step-${step.id}`}
      style={{ borderColor: mine.length ? '#ff4d4f' : undefined }}
      title={
        <Space>
          {step.type === 'branch' ? <BranchesOutlined /> : <ThunderboltOutlined />}
          <span>{kind ? text(kind.label) : step.type}</span>
          <Input size="small" style={{ width: 180 }} value={step.name ?? ''} placeholder={t('designer.wf.stepName')} onChange={(event) => onChange({ ...step, name: event.target.value || undefined })} />
          <Tag>{step.id}</Tag>
        </Space>
      }
      extra={
        <Space>
          <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('designer.wf.moveUp')} />
          <Button size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('designer.wf.moveDown')} />
          <Button size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('designer.wf.removeStep')} />
        </Space>
      }
    >
      {mine.map((problem) => (
        <Alert key={problem.message} type="error" showIcon title={problem.message} style={{ marginBottom: 8 }} />
      ))}
      {step.type === 'branch' ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {step.branches.map((branch, at) => (
            <Card key={at} size="small" type="inner" title={at === 0 ? t('designer.wf.branch') : t('designer.wf.elseIf')} extra={<Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => onChange({ ...step, branches: step.branches.filter((_, i) => i !== at) })} />}>
              <BranchConditions value={branch.condition} onChange={(condition) => onChange({ ...step, branches: step.branches.map((old, i) => (i === at ? { ...old, condition } : old)) })} />
              <StepList {...props} earlier={earlier} depth={props.depth + 1} steps={branch.actions} onChange={(actions) => onChange({ ...step, branches: step.branches.map((old, i) => (i === at ? { ...old, actions } : old)) })} />
            </Card>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...step, branches: [...step.branches, { condition: { match: 'all', conditions: [] }, actions: [] }] })}>
            {t('designer.wf.addBranch')}
          </Button>
          <Card size="small" type="inner" title={t('designer.wf.otherwise')}>
            <StepList {...props} earlier={earlier} depth={props.depth + 1} steps={step.otherwise ?? []} onChange={(otherwise) => onChange({ ...step, otherwise })} />
          </Card>
        </Space>
      ) : kind ? (
        <SettingsForm schema={kind.schema} ui={kind.ui} value={settingsOf(step, ['id', 'type', 'name'])} onChange={(settings) => onChange({ ...(settings as object), id: step.id, type: step.type, ...(step.name ? { name: step.name } : {}) } as WorkflowAction)} testId={`wf-step-form-${step.id}`} />
      ) : null}
    </Card>
  );
}

function BranchConditions({ value, onChange }: { value: ConditionGroup; onChange: (group: ConditionGroup) => void }) {
  return (
    <DesignerContextValue.Consumer>
      {(ctx) => <ConditionsEditor value={value} onChange={onChange} entity={ctx.triggerEntity} withOld={ctx.triggerKind === 'updated'} />}
    </DesignerContextValue.Consumer>
  );
}

function StepList(props: StepListProps) {
  const { text } = useI18n();
  const { steps, onChange, catalog } = props;
  const add = (type: string) => {
    const kind = catalog.steps.find((candidate) => candidate.type === type)!;
    onChange([...steps, { id: nextId(type, props.taken), type, ...structuredClone(kind.defaults) } as WorkflowAction]);
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {steps.map((step, index) => {
        const before = [...props.earlier, ...steps.slice(0, index).map((s) => ({ id: s.id, label: `${s.name || text(catalog.steps.find((k) => k.type === s.type)?.label ?? { 'zh-CN': s.type, en: s.type })} (${s.id})` }))];
        return (
          <DesignerContextValue.Consumer key={step.id}>
            {(ctx: DesignerContext) => (
              <DesignerContextValue.Provider value={{ ...ctx, earlier: before }}>
                <StepCard
                  step={step}
                  index={index}
                  count={steps.length}
                  props={{ ...props, earlier: before }}
                  onChange={(next) => onChange(steps.map((old, at) => (at === index ? next : old)))}
                  onRemove={() => onChange(steps.filter((_, at) => at !== index))}
                  onMove={(delta) => {
                    const next = [...steps];
                    const [moved] = next.splice(index, 1);
                    next.splice(index + delta, 0, moved);
                    onChange(next);
                  }}
                />
              </DesignerContextValue.Provider>
            )}
          </DesignerContextValue.Consumer>
        );
      })}
      <AddStep catalog={catalog} onAdd={add} testId={`wf-add-step-${props.depth}`} />
    </Space>
  );
}

/**
 * The workflow designer: a vertical flow of trigger → conditions → steps (branches nested),
 * checked by the server as the admin edits; a test run on a chosen record; versions;
 * switching on and off; a JSON view that round-trips.
 */
export function WorkflowDesigner({ workflowKey }: { workflowKey: string | null }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const { data: catalog } = useSWR<Catalog>('/api/workflows/catalog');
  const { data: entities } = useSWR<EntityDefinition[] | { items: EntityDefinition[] }>('/api/entities');
  const { data: users } = useSWR<{ items: PublicUser[] }>('/api/users');
  const { data: roleList } = useSWR<{ items: { key: string; name: LocalizedText }[] }>('/api/roles');
  const { data: stored, mutate } = useSWR<{ workflow: WorkflowDefinition; versions: { version: number; publishedAt: string; publishedBy: string }[] }>(workflowKey ? `/api/workflows/${workflowKey}` : null);
  const [draft, setDraft] = useState<WorkflowDefinition | null>(workflowKey ? null : blank());
  const [problems, setProblems] = useState<Problem[]>([]);
  const [tab, setTab] = useState('visual');
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [testOpen, setTestOpen] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [testRecord, setTestRecord] = useState<string | undefined>();
  const [testResult, setTestResult] = useState<TestRun | null>(null);
  const [publishing, setPublishing] = useState(false);
  const checkTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (stored && !draft) setDraft(stored.workflow);
  }, [stored, draft]);

  // The server checks the whole definition as the admin edits (debounced).
  useEffect(() => {
    if (!draft) return;
    if (checkTimer.current) clearTimeout(checkTimer.current);
    checkTimer.current = setTimeout(() => {
      api<{ problems: Problem[] }>('/api/workflows/check', { method: 'POST', body: { definition: draft } })
        .then((answer) => setProblems(answer.problems))
        .catch(() => undefined);
    }, 400);
  }, [draft]);

  const entityList = useMemo(() => (Array.isArray(entities) ? entities : entities?.items ?? []), [entities]);
  const triggerEntityKey = draft && 'entity' in draft.trigger ? draft.trigger.entity : undefined;
  const triggerEntity = entityList.find((entity) => entity.key === triggerEntityKey) ?? null;
  const { data: records } = useSWR<{ items: { id: string; display: string }[] }>(testOpen && triggerEntityKey ? `/api/records/${triggerEntityKey}?pageSize=50` : null);

  if (!draft || !catalog) return <Card loading />;
  const taken = new Set(allIds(draft.actions));
  const triggerKind = catalog.triggers.find((kind) => kind.key === draft.trigger.event);
  const context: DesignerContext = {
    entities: entityList,
    triggerEntity,
    triggerKind: draft.trigger.event,
    earlier: [],
    users: (users?.items ?? []).filter((user) => user.active).map((user) => ({ id: user.id, name: user.name })),
    roles: (roleList?.items ?? []).map((role) => ({ key: role.key, name: text(role.name) })),
  };
  const dirty = JSON.stringify(draft) !== JSON.stringify(stored?.workflow ?? null);
  const set = (next: Partial<WorkflowDefinition>) => setDraft({ ...draft, ...next });

  async function publish() {
    if (!draft) return;
    setPublishing(true);
    try {
      const published = stored
        ? await api<WorkflowDefinition>(`/api/workflows/${draft.key}`, { method: 'PUT', body: { definition: draft, baseVersion: stored.workflow.version } })
        : await api<WorkflowDefinition>('/api/workflows', { method: 'POST', body: { definition: { ...draft, version: 1 } } });
      message.success(t('designer.wf.published', { version: published.version }));
      setDraft(published);
      if (!workflowKey) router.replace(`/admin/workflows/${published.key}`);
      else await mutate();
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setPublishing(false);
    }
  }

  async function toggle(enabled: boolean) {
    if (!draft) return;
    if (!stored) return set({ enabled });
    try {
      await api(`/api/workflows/${draft.key}/enabled`, { method: 'PUT', body: { enabled } });
      setDraft({ ...draft, enabled });
      await mutate();
      message.success(enabled ? t('designer.wf.enable') : t('designer.wf.disable'));
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  async function testRun() {
    try {
      setTestResult(await api<TestRun>('/api/workflows/test-run', { method: 'POST', body: { definition: { ...draft, version: draft?.version || 1 }, recordId: testRecord } }));
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  function applyJson() {
    try {
      const parsed = JSON.parse(json) as WorkflowDefinition;
      if (stored && parsed.key !== stored.workflow.key) throw new Error(t('designer.wf.keyHelp'));
      setDraft(parsed);
      setJsonError(null);
      setTab('visual');
    } catch (error) {
      setJsonError(t('designer.wf.jsonInvalid', { message: (error as Error).message }));
    }
  }

  const topProblems = problems.filter((problem) => !taken.has(problem.at));
  return (
    <DesignerContextValue.Provider value={context}>
      <Card
        title={
          <Space wrap>
            <span>{t('workflows.title')}</span>
            {stored && <Tag>{`${t('workflows.version')} ${stored.workflow.version}`}</Tag>}
            {dirty && stored && <Tag color="orange">{t('designer.wf.unsaved')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <Switch checked={draft.enabled} onChange={(checked) => void toggle(checked)} checkedChildren={t('workflows.enabled')} data-testid="wf-enabled" />
            <Button icon={<ExperimentOutlined />} onClick={() => setTestOpen(true)} data-testid="wf-test">
              {t('designer.wf.testRun')}
            </Button>
            {stored && (
              <Button icon={<HistoryOutlined />} onClick={() => setVersionsOpen(true)}>
                {t('designer.wf.versions')}
              </Button>
            )}
            <Badge count={problems.length} size="small">
              <Button type="primary" disabled={problems.length > 0 || (!dirty && Boolean(stored))} loading={publishing} onClick={() => void publish()} data-testid="wf-publish">
                {t('designer.wf.publish')}
              </Button>
            </Badge>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          <Input addonBefore={t('workflows.key')} value={draft.key} disabled={Boolean(stored)} onChange={(event) => set({ key: event.target.value.trim() })} style={{ width: 260 }} data-testid="wf-key" title={t('designer.wf.keyHelp')} />
          <Input addonBefore="中文" value={draft.name['zh-CN']} onChange={(event) => set({ name: { ...draft.name, 'zh-CN': event.target.value } })} style={{ width: 260 }} data-testid="wf-name-zh" />
          <Input addonBefore="English" value={draft.name.en} onChange={(event) => set({ name: { ...draft.name, en: event.target.value } })} style={{ width: 260 }} data-testid="wf-name-en" />
        </Space>
        {problems.length > 0 ? (
          <Alert type="warning" showIcon title={t('designer.wf.problems', { count: problems.length })} description={topProblems.map((problem) => problem.message).join('；')} style={{ marginBottom: 16 }} data-testid="wf-problems" />
        ) : (
          <Alert type="success" showIcon title={t('designer.wf.valid')} style={{ marginBottom: 16 }} data-testid="wf-valid" />
        )}
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            if (key === 'json') setJson(JSON.stringify(draft, null, 2));
            setTab(key);
          }}
          items={[
            {
              key: 'visual',
              label: t('designer.wf.visual'),
              children: (
                <Space orientation="vertical" style={{ width: '100%', maxWidth: 900 }}>
                  <Card size="small" title={<Space><ThunderboltOutlined />{t('designer.wf.trigger')}</Space>} data-testid="wf-trigger">
                    <Select
                      style={{ width: 320, marginBottom: 12 }}
                      value={draft.trigger.event}
                      data-testid="wf-trigger-kind"
                      onChange={(event) => {
                        const kind = catalog.triggers.find((candidate) => candidate.key === event)!;
                        set({ trigger: { event, ...structuredClone(kind.defaults), ...(kind.entity !== 'none' && triggerEntityKey ? { entity: triggerEntityKey } : {}) } as WorkflowTrigger });
                      }}
                      options={catalog.triggers.map((kind) => ({ value: kind.key, label: text(kind.label) }))}
                    />
                    {triggerKind && <Typography.Paragraph type="secondary">{text(triggerKind.description)}</Typography.Paragraph>}
                    {triggerKind && (
                      <SettingsForm
                        schema={triggerKind.schema}
                        ui={triggerKind.ui}
                        value={settingsOf(draft.trigger, ['event'])}
                        onChange={(settings) => set({ trigger: { ...settings, event: draft.trigger.event } as WorkflowTrigger })}
                        testId="wf-trigger-form"
                      />
                    )}
                    {problems.filter((problem) => problem.at === 'trigger').map((problem) => (
                      <Alert key={problem.message} type="error" showIcon title={problem.message} />
                    ))}
                  </Card>
                  <Card size="small" title={t('designer.wf.condition')} data-testid="wf-condition">
                    <ConditionsEditor value={draft.condition} onChange={(condition) => set({ condition: condition.conditions.length ? condition : undefined })} entity={triggerEntity} withOld={draft.trigger.event === 'updated'} />
                  </Card>
                  <Card size="small" title={t('designer.wf.steps')} data-testid="wf-steps">
                    <StepList steps={draft.actions} onChange={(actions) => set({ actions })} catalog={catalog} problems={problems} taken={taken} earlier={[]} depth={0} />
                  </Card>
                  <Typography.Text type="secondary">{t('designer.wf.placeholders')}</Typography.Text>
                </Space>
              ),
            },
            {
              key: 'json',
              label: t('designer.wf.json'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Input.TextArea rows={24} value={json} onChange={(event) => setJson(event.target.value)} style={{ fontFamily: 'monospace' }} data-testid="wf-json" />
                  {jsonError && <Alert type="error" title={jsonError} />}
                  <Button onClick={applyJson} data-testid="wf-json-apply">
                    {t('designer.wf.applyJson')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Drawer open={testOpen} onClose={() => setTestOpen(false)} size="large" title={t('designer.wf.testRun')}>
        <Typography.Paragraph type="secondary">{t('designer.wf.testRunHint')}</Typography.Paragraph>
        <Space style={{ marginBottom: 16 }}>
          {triggerEntityKey && (
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 320 }}
              placeholder={t('designer.wf.testRecord')}
              value={testRecord}
              onChange={setTestRecord}
              options={(records?.items ?? []).map((record) => ({ value: record.id, label: record.display || record.id }))}
              data-testid="wf-test-record"
            />
          )}
          <Button type="primary" onClick={() => void testRun()} data-testid="wf-test-run">
            {t('designer.wf.testRun')}
          </Button>
        </Space>
        {testResult && (
          <>
            <Alert type={testResult.conditionsHold ? 'success' : 'warning'} title={testResult.conditionsHold ? t('designer.wf.testConditionsHold') : t('designer.wf.testConditionsFail')} style={{ marginBottom: 8 }} />
            {testResult.error && <Alert type="error" title={testResult.error} style={{ marginBottom: 8 }} />}
            <List
              dataSource={testResult.steps}
              renderItem={(step) => (
                <List.Item data-testid={`wf-test-step-${step.stepId}`}>
                  <List.Item.Meta
                    title={
                      <Space>
                        <Tag>{step.stepId}</Tag>
                        {step.type} <Tag color={step.status === 'failed' ? 'red' : 'green'}>{t(`runs.step.${step.status}` as MessageKey)}</Tag>
                      </Space>
                    }
                    description={<pre style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>{JSON.stringify({ input: step.input, output: step.output, error: step.error ?? undefined }, null, 2)}</pre>}
                  />
                </List.Item>
              )}
            />
          </>
        )}
      </Drawer>
      <Drawer open={versionsOpen} onClose={() => setVersionsOpen(false)} title={t('designer.wf.versions')}>
        <List
          dataSource={stored?.versions ?? []}
          renderItem={(version) => (
            <List.Item
              actions={[
                <Button
                  key="load"
                  size="small"
                  onClick={async () => {
                    const old = await api<WorkflowDefinition>(`/api/workflows/${draft.key}/versions/${version.version}`);
                    setDraft({ ...old, version: stored?.workflow.version ?? old.version });
                    setVersionsOpen(false);
                  }}
                >
                  {t('designer.versions.load')}
                </Button>,
              ]}
            >
              {`${t('workflows.version')} ${version.version}`} · {new Date(version.publishedAt).toLocaleString()}
            </List.Item>
          )}
        />
      </Drawer>
    </DesignerContextValue.Provider>
  );
}
