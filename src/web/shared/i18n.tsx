// Chinese first, with an English switch: the Chinese text is the key (what staff read in the code
// is what they see on screen), `en.ts` gives its English. The choice is kept in localStorage and
// also sets antd's locale (dates, pagination, pickers) and dayjs's.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { EN } from './en.ts';

export type Locale = 'zh-CN' | 'en-US';
const KEY = 'minsheng.locale';

function initialLocale(): Locale {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'zh-CN' || v === 'en-US') return v;
  } catch {
    // storage unavailable (private mode): Chinese
  }
  return 'zh-CN';
}

let current: Locale = initialLocale();
dayjs.locale(current === 'zh-CN' ? 'zh-cn' : 'en');

/** The page's language outside React (error messages of the API module). */
export const currentLocale = (): Locale => current;

export type Vars = Record<string, string | number>;

/** Translate a Chinese text into the current language; `{name}` takes a value from `vars`. */
export function translate(zh: string, vars?: Vars, locale: Locale = current): string {
  const s = locale === 'en-US' ? EN[zh] ?? zh : zh;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t(zh: string, vars?: Vars): string;
  /** Pick the label the API gives in Chinese, or its English. */
  pick(zh: string | null | undefined, en: string | null | undefined): string;
}

const Ctx = createContext<I18n>({
  locale: current,
  setLocale: () => undefined,
  t: (zh, vars) => translate(zh, vars),
  pick: (zh, en) => (current === 'en-US' ? en ?? zh ?? '' : zh ?? en ?? ''),
});

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, set] = useState<Locale>(current);
  const setLocale = useCallback((l: Locale) => {
    current = l;
    dayjs.locale(l === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = l;
    try {
      localStorage.setItem(KEY, l);
    } catch {
      // not kept: fine for this page
    }
    set(l);
  }, []);
  const value = useMemo<I18n>(() => ({
    locale,
    setLocale,
    t: (zh, vars) => translate(zh, vars, locale),
    pick: (zh, en) => (locale === 'en-US' ? en ?? zh ?? '' : zh ?? en ?? ''),
  }), [locale, setLocale]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useI18n = () => useContext(Ctx);
