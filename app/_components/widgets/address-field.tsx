'use client';

import { useEffect, useState } from 'react';
import { Cascader, Flex, Input, Typography } from 'antd';
import type { FieldProps } from '@rjsf/utils';
import type { AddressValue } from '@/lib/fields/types/address';
import { useI18n } from '../i18n-provider';
import { loadDivisions, type DivisionOption } from './divisions';
import { nestedMessages } from './form-errors';

/** Only the parts that hold text; nothing at all when none does. */
function cleanAddress(address: AddressValue): AddressValue | undefined {
  const clean = Object.fromEntries(Object.entries(address).filter(([, part]) => typeof part === 'string' && part !== '')) as AddressValue;
  return Object.keys(clean).length > 0 ? clean : undefined;
}

/** ui:field "address": province / city / district picked from the list, plus the street as free text. */
export function AddressField({ fieldPathId, formData, disabled, readonly, errorSchema, onChange }: FieldProps<AddressValue>) {
  const { t } = useI18n();
  const [options, setOptions] = useState<DivisionOption[]>([]);
  const address: AddressValue = formData && typeof formData === 'object' ? formData : {};
  const region = [address.province, address.city, address.district].filter((part): part is string => Boolean(part));
  const locked = disabled || readonly;
  const problems = nestedMessages(errorSchema);

  useEffect(() => {
    let live = true;
    void loadDivisions().then((loaded) => live && setOptions(loaded));
    return () => {
      live = false;
    };
  }, []);

  const change = (next: AddressValue) => onChange(cleanAddress(next), fieldPathId.path);

  return (
    <div id={fieldPathId.$id}>
      <Flex gap={8} wrap>
        <Cascader<DivisionOption>
          id={`${fieldPathId.$id}_region`}
          style={{ flex: '2 1 240px' }}
          options={options}
          loading={options.length === 0}
          value={region}
          changeOnSelect
          allowClear
          disabled={locked}
          placeholder={t('form.addressRegion')}
          showSearch={{ filter: (input, path) => path.some((option) => option.label.includes(input.trim())) }}
          onChange={(picked) => {
            const [province, city, district] = (picked ?? []).map(String);
            change({ province, city, district, detail: address.detail });
          }}
        />
        <Input
          id={`${fieldPathId.$id}_detail`}
          style={{ flex: '3 1 280px' }}
          value={address.detail ?? ''}
          disabled={locked}
          maxLength={500}
          placeholder={t('form.addressDetail')}
          onChange={(event) => change({ ...address, detail: event.target.value })}
        />
      </Flex>
      {problems.length > 0 && <Typography.Text type="danger">{problems.join(' ')}</Typography.Text>}
    </div>
  );
}
