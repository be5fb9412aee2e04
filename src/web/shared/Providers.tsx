// Language, antd locale and theme for both apps.
import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import type { Locale as AntLocale } from 'antd/es/locale/index.js';
import * as enMod from 'antd/es/locale/en_US.js';
import * as zhMod from 'antd/es/locale/zh_CN.js';
import { I18nProvider, useI18n } from './i18n.tsx';

// antd's locale files are ES modules to the bundler, CommonJS to TypeScript's NodeNext view.
const esDefault = (m: unknown) => ((m as { default?: AntLocale }).default ?? m) as AntLocale;
const enUS = esDefault(enMod);
const zhCN = esDefault(zhMod);

function Themed({ children, compact }: { children: ReactNode; compact: boolean }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider
      locale={locale === 'en-US' ? enUS : zhCN}
      componentSize={compact ? 'small' : 'middle'}
      theme={{
        // The staff screens go without animations: an operator types ahead of them (a select
        // still closing would swallow the Tab that follows its Enter).
        token: { colorPrimary: '#0b4fa2', borderRadius: 4, fontSize: compact ? 13 : 14, motion: !compact },
        algorithm: compact ? [theme.defaultAlgorithm, theme.compactAlgorithm] : theme.defaultAlgorithm,
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** `compact`: the staff workbenches' dense look; the portal uses the roomy default. */
export function Providers({ children, compact = false }: { children: ReactNode; compact?: boolean }) {
  return (
    <I18nProvider>
      <Themed compact={compact}>{children}</Themed>
    </I18nProvider>
  );
}
