import type { integrityEn } from './integrity.en';

/** 数据完整性相关的文案（中文）。 */
export const integrityZhCN: Record<keyof typeof integrityEn, string> = {
  'form.nothingChanged': '没有任何修改。',
  'form.selectPlaceholder': '请选择…',
  'validation.decimals': '最多保留 {decimals} 位小数；超出的值会被拒绝，不会被四舍五入。',
  'validation.wholeNumber': '必须是整数：此字段不保留小数。',
  'validation.digits': '位数超过了数字能精确保存的范围（15 位有效数字）。',
  'imports.row.tooManyDecimals': '{column}：“{value}”的小数位数超过了“{field}”可保留的位数（最多 {decimals} 位）；未做任何四舍五入。',
};
