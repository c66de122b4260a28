import type { shellEn } from './shell.en';

/** 应用框架（菜单、手机页眉）、无权限页与导出字段选择的文案（简体中文）。 */
export const shellZhCN: Record<keyof typeof shellEn, string> = {
  'nav.menu': '菜单',
  'nav.userMenu': '账号、语言与退出',
  'nav.customApp': '自定义',
  'designer.entity.icon': '图标',
  'designer.entity.iconHelp': '显示在菜单中表单名称的旁边。',
  'noPermission.title': '没有权限',
  'noPermission.subtitle': '您的角色无权打开此页面。如需使用，请联系管理员。',
  'noPermission.home': '返回首页',
  'listExport.hintSaved': '按当前视图（筛选、关键词、排序）导出全部记录，字段为您为此表单选定的字段。',
  'listExport.choose': '选择要导出的字段',
  'listExport.dialogTitle': '导出',
  'listExport.download': '下载',
  'listExport.viewColumns': '视图中的列（{count} 个）',
  'listExport.allFields': '我能查看的全部字段（{count} 个）',
  'listExport.customFields': '自选字段',
  'listExport.selectAll': '全选',
  'listExport.selectNone': '全不选',
  'listExport.remember': '为此表单记住这些字段',
  'listExport.noColumns': '请至少选择一个要导出的字段。',
  'listExport.refusedColumns': '无法导出 {columns}：不是您可以查看的字段。',
  'form.rowNumber': '第 {number} 行',
};
