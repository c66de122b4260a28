'use client';

import { getUiOptions, type ArrayFieldItemTemplateProps, type ArrayFieldTemplateProps, type FieldTemplateProps, type ObjectFieldTemplateProps } from '@rjsf/utils';
import AntdArrayFieldItemTemplate from '@rjsf/antd/lib/templates/ArrayFieldItemTemplate/index.js';
import AntdArrayFieldTemplate from '@rjsf/antd/lib/templates/ArrayFieldTemplate/index.js';
import AntdFieldTemplate from '@rjsf/antd/lib/templates/FieldTemplate/index.js';
import AntdObjectFieldTemplate from '@rjsf/antd/lib/templates/ObjectFieldTemplate/index.js';
import { SectionsTemplate } from './sections-template';
import { SubtableArrayTemplate, SubtableCellTemplate, SubtableItemTemplate, SubtableRowTemplate } from './subtable-template';

/**
 * The record form's templates: the antd theme's, except for the root object (sections),
 * sub-tables (a grid) and composite fields, which get the label their custom field cannot
 * draw (rjsf gives ui:field and array fields none). The markers come from themedForm().
 */
export function RecordFieldTemplate(props: FieldTemplateProps) {
  const options = getUiOptions(props.uiSchema);
  if (options.subtableCell || options.subtableRow) return <SubtableCellTemplate {...props} />;
  if (options.field || options.subtable) return <AntdFieldTemplate {...props} displayLabel />;
  return <AntdFieldTemplate {...props} />;
}

export function RecordObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  if (props.fieldPathId.path.length === 0) return <SectionsTemplate {...props} />;
  if (getUiOptions(props.uiSchema).subtableRow) return <SubtableRowTemplate {...props} />;
  return <AntdObjectFieldTemplate {...props} />;
}

export function RecordArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  return getUiOptions(props.uiSchema).subtable ? <SubtableArrayTemplate {...props} /> : <AntdArrayFieldTemplate {...props} />;
}

export function RecordArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  return getUiOptions(props.parentUiSchema).subtable ? <SubtableItemTemplate {...props} /> : <AntdArrayFieldItemTemplate {...props} />;
}
