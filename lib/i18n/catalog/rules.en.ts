/** Messages of business rules (lib/rules) and of values only an action may set (English). */
export const rulesEn = {
  'rules.balance.short': '{rule}: “{item}” has {onHand} on hand at {place}, {needed} needed.',
  'rules.onlyByAction': '“{value}” of {field} is set only by the action “{action}”; use that button on the record.',
  'rules.onlyByActionLane': 'Use the action “{action}” on the record to move it to “{value}”.',
  'rules.onlyByActionTag': 'by “{action}” only',
  'record.savedWithWarnings': 'Saved, with warnings: {warnings}',
  'designer.wf.setting.skipRowsWhere': 'Pass over rows whose linked record has (column, field, in)',
};
