import type { workflowsEn } from './workflows.en';

/** 实体操作与汇总字段的中文文案（展开到 zh-CN.ts）。 */
export const workflowsZhCN: Record<keyof typeof workflowsEn, string> = {
  'entityActions.unavailable': '此记录当前不能执行该操作。',
  'entityActions.noWorkflow': '该操作对应的流程“{workflow}”不存在或已停用。',
  'entityActions.failed': '操作未完成：{detail}',
  'entityActions.done': '已完成',
  'entityActions.running': '仍在执行中，请稍后再看。',
  'designer.setting.rollupEntity': '来源实体',
  'designer.setting.rollupEntityHelp': '汇总哪些记录的数值。',
  'designer.setting.rollupFn': '计算方式',
  'designer.setting.rollupFn.sum': '求和',
  'designer.setting.rollupFn.count': '计数',
  'designer.setting.rollupFn.min': '最小值',
  'designer.setting.rollupFn.max': '最大值',
  'designer.setting.rollupField': '来源的数字字段',
  'designer.setting.rollupMatch': '匹配的来源记录',
  'designer.setting.rollupMatchHelp': '来源记录左侧字段的值等于本记录右侧字段的值时计入。',
  'designer.setting.rollupSourceField': '来源字段',
  'designer.setting.rollupTargetField': '本记录字段',
  'designer.setting.rollupAddMatch': '添加条件',
  'designer.setting.rollupWhere': '仅统计满足条件的来源记录（JSON）',
  'designer.setting.rollupWhereHelp': '例如 {"status": ["done", "paid"]}；留空统计全部。',
};
