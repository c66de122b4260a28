import type { rulesEn } from './rules.en';

/** 业务规则与仅限操作设置的取值的提示（中文）。 */
export const rulesZhCN: Record<keyof typeof rulesEn, string> = {
  'rules.balance.short': '{rule}：“{item}”在{place}现有 {onHand}，需要 {needed}。',
  'rules.onlyByAction': '{field}的“{value}”只能通过“{action}”操作设置，请在记录页使用该按钮。',
  'rules.onlyByActionLane': '请在记录页使用“{action}”操作，将其变为“{value}”。',
  'rules.onlyByActionTag': '仅限“{action}”',
  'record.savedWithWarnings': '已保存，但有提醒：{warnings}',
  'designer.wf.setting.skipRowsWhere': '跳过关联记录满足条件的行（column、field、in）',
};
