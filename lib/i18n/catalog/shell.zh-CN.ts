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
};
