'use client';

import { Card } from 'antd';
import { getUiOptions, type ObjectFieldTemplateProps } from '@rjsf/utils';
import AntdObjectFieldTemplate from '@rjsf/antd/lib/templates/ObjectFieldTemplate/index.js';
import { sectionGroups } from './form-layout';

function sectionsOf(options: Record<string, unknown>): { key: string; title: string }[] {
  const sections = Array.isArray(options.sections) ? options.sections : [];
  return sections.filter((section): section is { key: string; title: string } => typeof section?.key === 'string').map((section) => ({ key: section.key, title: section.title || section.key }));
}

/**
 * The record's fields grouped by their ui:section, titled from the root ui:options.sections
 * [{key, title}]; fields outside sections come first, without a heading. Within a group the
 * antd theme's layout applies (two short fields a line, wide ones alone).
 */
export function SectionsTemplate(props: ObjectFieldTemplateProps) {
  const { properties, uiSchema, fieldPathId } = props;
  const sections = sectionsOf(getUiOptions(uiSchema));
  const byName = new Map(properties.map((property) => [property.name, property]));
  const sectionOf = (name: string) => {
    const section = (uiSchema?.[name] as Record<string, unknown> | undefined)?.['ui:section'];
    return typeof section === 'string' ? section : undefined;
  };
  const groups = sectionGroups(
    properties.map((property) => property.name),
    sectionOf,
    sections,
  );
  if (groups.length <= 1 && groups[0]?.key == null) return <AntdObjectFieldTemplate {...props} title="" />;
  return (
    <div id={fieldPathId.$id}>
      {groups.map((group) => {
        const part = (
          <AntdObjectFieldTemplate
            {...props}
            title=""
            fieldPathId={{ ...fieldPathId, $id: `${fieldPathId.$id}__${group.key ?? 'main'}` }}
            properties={group.names.map((name) => byName.get(name)!)}
          />
        );
        return group.key === null ? (
          <div key="main">{part}</div>
        ) : (
          <Card key={group.key} type="inner" size="small" title={group.title} style={{ marginBottom: 16 }} data-section={group.key}>
            {part}
          </Card>
        );
      })}
    </div>
  );
}
