'use client';

import type { WidgetProps } from '@rjsf/utils';
import { api } from '@/lib/client/api-client';
import { useI18n } from '../i18n-provider';
import { recordFormContext } from './form-context';
import { RemoteSelect, type RemoteChoice } from './remote-select';

interface UserSummary {
  id: string;
  name: string;
  email: string;
}

const choice = (user: UserSummary): RemoteChoice => ({ value: user.id, label: user.name || user.email, hint: user.email });

/** Picks a member of the organisation by name or email; the value is the user's id. */
export function UserWidget({ id, value, disabled, readonly, registry, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const { t } = useI18n();
  return (
    <RemoteSelect
      id={id}
      value={value}
      many={false}
      disabled={disabled || readonly}
      placeholder={placeholder || t('form.searchUsers')}
      source="user"
      knownNames={recordFormContext(registry).names}
      search={async (q) => (await api<UserSummary[]>(`/api/users/lookup?q=${encodeURIComponent(q)}`)).map(choice)}
      resolve={async (ids) => (await api<UserSummary[]>(`/api/users/lookup?ids=${ids.map(encodeURIComponent).join(',')}`)).map(choice)}
      onChange={onChange}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
