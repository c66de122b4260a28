/**
 * The icons an entity may carry (its `icon` key): antd icon names in kebab case. The list is
 * the whole vocabulary — definitions are checked against it (definition-problems.ts), the
 * designer offers it, and app/_components/entity-icon.tsx draws each one (its map is typed by
 * this list, so an icon added here without a drawing fails to compile).
 */
export const ENTITY_ICONS = [
  'appstore',
  'aim',
  'alert',
  'audit',
  'bank',
  'book',
  'calendar',
  'car',
  'check-square',
  'contacts',
  'container',
  'customer-service',
  'database',
  'dollar',
  'environment',
  'file-text',
  'flag',
  'fund',
  'gift',
  'global',
  'home',
  'idcard',
  'inbox',
  'mail',
  'notification',
  'phone',
  'profile',
  'project',
  'reconciliation',
  'rocket',
  'schedule',
  'shop',
  'shopping',
  'shopping-cart',
  'solution',
  'star',
  'swap',
  'table',
  'tags',
  'team',
  'tool',
  'trophy',
  'user',
  'wallet',
] as const;

export type EntityIconName = (typeof ENTITY_ICONS)[number];

/** Drawn for an entity without an icon (or, in old data, with one no longer offered). */
export const DEFAULT_ENTITY_ICON: EntityIconName = 'appstore';

export function isEntityIcon(value: unknown): value is EntityIconName {
  return typeof value === 'string' && (ENTITY_ICONS as readonly string[]).includes(value);
}
