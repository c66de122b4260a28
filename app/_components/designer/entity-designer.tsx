'use client';

import { Alert, Card, Tabs } from 'antd';
import { useI18n } from '../i18n-provider';
import { DesignerBoard } from './designer-board';
import { DesignerToolbar, ProblemsList } from './designer-toolbar';
import { EntitySettings } from './entity-settings';
import { JsonEditor } from './json-editor';
import { Preview } from './preview';
import { PublishDialog } from './publish-dialog';
import { useDesigner } from './use-designer';
import { useLeaveGuard } from './use-leave-guard';
import { VersionList } from './version-list';
import { InvalidRecordsList } from './invalid-records';

export { NEW_ENTITY } from './designer-types';

const tab = (key: string, label: string) => <span data-testid={`designer-tab-${key}`}>{label}</span>;

/** The form designer of one entity (entityKey null: a new one). */
export function EntityDesigner({ entityKey }: { entityKey: string | null }) {
  const { t } = useI18n();
  const designer = useDesigner(entityKey);
  const { def, published, change } = designer;
  useLeaveGuard(designer.dirty, t('designer.leaveConfirm'));

  if (designer.loadError) return <Alert type="error" showIcon title={designer.loadError.message} />;
  if (!def) return <Card loading />;

  return (
    <div data-testid="designer">
      <DesignerToolbar
        def={def}
        published={published}
        hasDraft={designer.hasDraft}
        dirty={designer.dirty}
        busy={designer.busy}
        onSave={() => void designer.save()}
        onPublish={() => void designer.publish()}
        onDiscard={() => void designer.discard()}
      />
      <ProblemsList problems={designer.problems} />
      <Tabs
        defaultActiveKey={entityKey ? 'design' : 'entity'}
        items={[
          { key: 'design', label: tab('design', t('designer.tab.design')), children: <DesignerBoard def={def} published={published} onChange={change} /> },
          { key: 'entity', label: tab('entity', t('designer.tab.entity')), children: <EntitySettings def={def} isNew={designer.isNew} onChange={change} /> },
          { key: 'preview', label: tab('preview', t('designer.tab.preview')), children: <Preview def={def} />, destroyOnHidden: true },
          { key: 'json', label: tab('json', t('designer.tab.json')), children: <JsonEditor def={def} onApply={change} /> },
          ...(published
            ? [
                {
                  key: 'versions',
                  label: tab('versions', t('designer.tab.versions')),
                  children: <VersionList entityKey={def.key} current={published.version} onLoad={(old) => change({ ...old, key: def.key, version: def.version })} />,
                },
                { key: 'invalid', label: tab('invalid', t('designer.tab.invalid')), children: <InvalidRecordsList def={published} />, destroyOnHidden: true },
              ]
            : []),
        ]}
      />
      <PublishDialog
        impact={designer.impact}
        def={def}
        published={published}
        busy={designer.busy === 'publish'}
        onConfirm={() => void designer.publish(true)}
        onCancel={designer.closeImpact}
      />
    </div>
  );
}
