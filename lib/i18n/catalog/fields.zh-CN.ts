import type { fieldsEn } from './fields.en';

/** 字段设置 visibleTo、transitions 与唯一值的提示（简体中文）。 */
export const fieldsZhCN: Record<keyof typeof fieldsEn, string> = {
  'validation.transition': '不能从“{from}”改为“{to}”。',
  'validation.uniqueUsedBy': '已被 {record} 使用。',
  'designer.setting.visibleTo': '可见角色',
  'designer.setting.visibleToHelp': '都不勾选表示所有人可见。管理员始终可见；其他角色无法查看、筛选或修改该字段。',
  'designer.setting.transitions': '允许的变更',
  'designer.setting.transitionsHelp': '为每个值选择它可以改为哪些值。未列出任何值的为终态；新建记录可以从任意值开始。',
  'designer.transitions.enable': '限制取值的变更顺序',
  'designer.transitions.final': '终态',
} as const;
