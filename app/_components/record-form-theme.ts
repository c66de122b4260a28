import { withTheme } from '@rjsf/core';
import type { RegistryWidgetsType } from '@rjsf/utils';
import { generateTemplates } from '@rjsf/antd/lib/templates/index.js';
import CheckboxWidget from '@rjsf/antd/lib/widgets/CheckboxWidget/index.js';
import CheckboxesWidget from '@rjsf/antd/lib/widgets/CheckboxesWidget/index.js';
import PasswordWidget from '@rjsf/antd/lib/widgets/PasswordWidget/index.js';
import RadioWidget from '@rjsf/antd/lib/widgets/RadioWidget/index.js';
import SelectWidget from '@rjsf/antd/lib/widgets/SelectWidget/index.js';
import TextareaWidget from '@rjsf/antd/lib/widgets/TextareaWidget/index.js';
import { RelationWidget } from './relation-widget';

/**
 * The antd theme of rjsf with only the widgets our field types use. The full theme also
 * bundles the date pickers and the slider, about a third of the form page's JavaScript.
 */
const widgets: RegistryWidgetsType = {
  CheckboxWidget,
  CheckboxesWidget,
  PasswordWidget,
  RadioWidget,
  SelectWidget,
  TextareaWidget,
  relation: RelationWidget,
};

export const RecordFormRenderer = withTheme({ templates: generateTemplates(), widgets });
