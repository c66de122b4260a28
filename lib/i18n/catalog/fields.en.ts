/** Messages of the field settings visibleTo and transitions, and of unique values (English). */
export const fieldsEn = {
  'validation.transition': 'Cannot change from “{from}” to “{to}”.',
  'validation.uniqueUsedBy': 'Already used by {record}.',
  'designer.setting.visibleTo': 'Visible to roles',
  'designer.setting.visibleToHelp': 'None ticked: everyone. Admins always see the field; other roles cannot read, filter or change it.',
  'designer.setting.transitions': 'Allowed changes',
  'designer.setting.transitionsHelp': 'For each value, the values it may change to. A value with none listed is final; a new record may start at any value.',
  'designer.transitions.enable': 'Restrict how the value may change',
  'designer.transitions.final': 'Final',
} as const;
