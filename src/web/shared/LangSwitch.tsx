import { Segmented } from 'antd';
import { useI18n } from './i18n.tsx';

/** 中文 | EN */
export function LangSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { locale, setLocale } = useI18n();
  return (
    <Segmented
      size={size}
      value={locale}
      onChange={(v) => setLocale(v as 'zh-CN' | 'en-US')}
      options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en-US' }]}
      aria-label="Language / 语言"
    />
  );
}
