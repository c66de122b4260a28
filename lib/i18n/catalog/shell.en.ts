/** Messages of the app shell (menu, phone header), the no-permission page and the export field chooser (English). */
export const shellEn = {
  'nav.menu': 'Menu',
  'nav.userMenu': 'Account, language and sign-out',
  'nav.customApp': 'Custom',
  'designer.entity.icon': 'Icon',
  'designer.entity.iconHelp': 'Shown beside the form in the menu.',
  'noPermission.title': 'No permission',
  'noPermission.subtitle': 'Your role does not allow you to open this page. Ask an administrator if you need it.',
  'noPermission.home': 'Back to the home page',
} as const;
