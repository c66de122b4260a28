'use client';

import { Input, Space, Typography } from 'antd';
import type { LocalizedText } from '@/lib/i18n/locale';

const EMPTY: LocalizedText = { 'zh-CN': '', en: '' };

/** Text an admin writes in both languages: one input each, test ids `<testid>-zh` and `<testid>-en`. */
export function LocalizedInput({
  value,
  onChange,
  testid,
  placeholder,
}: {
  value: LocalizedText | undefined;
  onChange: (value: LocalizedText) => void;
  testid: string;
  placeholder?: LocalizedText;
}) {
  const current = value ?? EMPTY;
  const tag = (text: string) => <Typography.Text type="secondary" style={{ fontSize: 12, width: 28, display: 'inline-block' }}>{text}</Typography.Text>;
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Input
        prefix={tag('中文')}
        lang="zh-CN"
        value={current['zh-CN']}
        placeholder={placeholder?.['zh-CN']}
        data-testid={`${testid}-zh`}
        onChange={(event) => onChange({ ...current, 'zh-CN': event.target.value })}
      />
      <Input
        prefix={tag('EN')}
        lang="en"
        value={current.en}
        placeholder={placeholder?.en}
        data-testid={`${testid}-en`}
        onChange={(event) => onChange({ ...current, en: event.target.value })}
      />
    </Space>
  );
}
