import type { integrityEn } from './integrity.en';

/** 数据完整性相关的文案（中文）。 */
export const integrityZhCN: Record<keyof typeof integrityEn, string> = {
  'form.nothingChanged': '没有任何修改。',
  'form.selectPlaceholder': '请选择…',
  'validation.decimals': '最多保留 {decimals} 位小数；超出的值会被拒绝，不会被四舍五入。',
  'validation.wholeNumber': '必须是整数：此字段不保留小数。',
  'validation.digits': '位数超过了数字能精确保存的范围（15 位有效数字）。',
  'imports.row.tooManyDecimals': '{column}：“{value}”的小数位数超过了“{field}”可保留的位数（最多 {decimals} 位）；未做任何四舍五入。',
  'designer.setting.scale': '小数位数',
  'designer.setting.scaleHelp': '留空：使用币种的位数（{decimals} 位）。单价最多可设 {max} 位。超出位数的金额会被拒绝，绝不四舍五入。',
  'designer.setting.precisionHelp': '留空：按用户输入的位数保存。超出此处位数的值会被拒绝，绝不四舍五入。',
  'imports.conflict.row': '第 {row} 行',
  'imports.conflict.value': '{field}：文件中为“{value}”，{target} 中为“{existing}”',
  'importWizard.preview.unchanged': '无新内容的更新',
  'importWizard.preview.conflicts': '值不同的重复行',
  'importWizard.preview.conflictsNote': '有 {count} 行将作为重复行跳过，但其值与匹配的记录不同。这些值不会导入，请下载核对。',
  'importWizard.preview.conflictTarget': '匹配到',
  'importWizard.preview.conflictField': '字段',
  'importWizard.preview.conflictValue': '文件中的值',
  'importWizard.preview.conflictExisting': '保留的值',
  'importWizard.conflictsCsv': '下载冲突行（CSV）',
  'importWizard.result.unchanged': '无变化',
  'importWizard.result.conflicts': '有 {count} 行跳过的重复行与匹配记录的值不同。',
  'error.definitionInvalid': '{what} 无法保存：有 {count} 个问题。{problems}',
  'error.definitionBroken': '{what} 的定义无法使用，需要管理员在设计器中修正：{problems}',
};
