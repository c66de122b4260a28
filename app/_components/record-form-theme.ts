import { withTheme } from '@rjsf/core';
import type { RegistryFieldsType, RegistryWidgetsType } from '@rjsf/utils';
import { generateTemplates } from '@rjsf/antd/lib/templates/index.js';
import CheckboxWidget from '@rjsf/antd/lib/widgets/CheckboxWidget/index.js';
import TextareaWidget from '@rjsf/antd/lib/widgets/TextareaWidget/index.js';
import { AddressField } from './widgets/address-field';
import { AttachmentField } from './widgets/attachment-field';
import { ChoiceWidget } from './widgets/choice-widget';
import { DayWidget } from './widgets/day-widget';
import { DecimalWidget } from './widgets/decimal-widget';
import { MoneyWidget } from './widgets/money-widget';
import { MomentWidget } from './widgets/moment-widget';
import { RecordArrayFieldItemTemplate, RecordArrayFieldTemplate, RecordFieldTemplate, RecordObjectFieldTemplate } from './widgets/record-templates';
import { RelationWidget } from './widgets/relation-widget';
import { TagsWidget } from './widgets/tags-widget';
import { UserWidget } from './widgets/user-widget';

/**
 * The antd theme of rjsf with only the widgets our field types name in their ui() (see
 * lib/fields/types): the full theme also bundles its own date widgets, radios, password and
 * range inputs, which no field type uses. Text inputs come from the theme's BaseInputTemplate.
 */
const widgets: RegistryWidgetsType = {
  CheckboxWidget, // boolean
  SelectWidget: ChoiceWidget, // select ("select" maps to it): empty until chosen, cleared in one click
  TextareaWidget, // textarea
  decimal: DecimalWidget, // number, percent
  money: MoneyWidget,
  day: DayWidget, // date
  moment: MomentWidget, // datetime
  tags: TagsWidget, // multiselect
  relation: RelationWidget,
  user: UserWidget,
};

/** Types whose value is a composite the form draws as a whole (ui:field). */
const fields: RegistryFieldsType = {
  address: AddressField,
  attachment: AttachmentField,
};

export const RecordFormRenderer = withTheme({
  templates: {
    ...generateTemplates(),
    FieldTemplate: RecordFieldTemplate,
    ObjectFieldTemplate: RecordObjectFieldTemplate,
    ArrayFieldTemplate: RecordArrayFieldTemplate,
    ArrayFieldItemTemplate: RecordArrayFieldItemTemplate,
  },
  widgets,
  fields,
});
