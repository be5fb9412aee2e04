// The pickers every form uses: the category tree (searchable by name, code and pinyin initials),
// the place down to the grid cell, and units.
import { useMemo, useState } from 'react';
import { Cascader, Select, TreeSelect } from 'antd';
import * as api from '../../shared/api.ts';
import { useAsync, useLoadError } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { unitKindLabel } from '../../shared/labels.ts';
import { toPinyin } from '../../shared/pinyin.ts';
import { fullName, matches, pathIds, treeOptions, type TreeOption } from '../../shared/trees.ts';


interface PickerProps<V> {
  value?: V;
  onChange?: (v: V) => void;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  autoFocus?: boolean;
  disabled?: boolean;
}

/**
 * A category; type a name, a code or pinyin initials (zsrm → 噪声扰民). `leafOnly` (the operator's
 * form): a list of the leaf categories grouped under their parents, where Enter takes the first
 * match; otherwise the tree, where any level may be chosen (filters, rules).
 */
export function CategoryPicker({ leafOnly = false, ...p }: PickerProps<number | null> & { leafOnly?: boolean }) {
  const { t } = useI18n();
  const cats = useAsync(() => api.categories(), []);
  useLoadError(cats);
  const active = useMemo(() => (cats.data ?? []).filter((c) => c.active), [cats.data]);
  const data = useMemo(() => (leafOnly ? [] : treeOptions(active, { pinyin: toPinyin })), [active, leafOnly]);
  const groups = useMemo(() => {
    if (!leafOnly) return [];
    const parents = new Set(active.map((c) => c.parentId));
    const by = new Map<number | null, { label: string; title: string; options: { value: number; label: string; search: string }[] }>();
    for (const c of active) {
      if (parents.has(c.id)) continue;
      const path = fullName(active, c.parentId);
      const g = by.get(c.parentId) ?? { label: path || t('其他'), title: path, options: [] };
      g.options.push({ value: c.id, label: c.name, search: `${c.name} ${c.code} ${toPinyin(c.name)} ${path} ${path.split(' / ').map(toPinyin).join(' ')}`.toLowerCase() });
      by.set(c.parentId, g);
    }
    return [...by.values()];
  }, [active, leafOnly, t]);
  if (leafOnly) {
    return (
      <Select<number | null>
        id={p.id}
        value={p.value ?? undefined}
        onChange={(v) => p.onChange?.(v ?? null)}
        options={groups}
        showSearch={{ filterOption: (input, o) => !!(o as { search?: string }).search && matches((o as { search: string }).search, input) }}
        labelRender={(v) => fullName(active, v.value as number) || v.label}
        placeholder={p.placeholder ?? t('输入名称或拼音首字母搜索')}
        allowClear={p.allowClear ?? true}
        listHeight={360}
        style={{ width: '100%', ...p.style }}
        autoFocus={p.autoFocus}
        disabled={p.disabled}
        loading={cats.loading}
      />
    );
  }
  return (
    <TreeSelect<number | null>
      id={p.id}
      value={p.value ?? undefined}
      onChange={(v) => p.onChange?.(v ?? null)}
      treeData={data}
      showSearch={{ filterTreeNode: (input, node) => matches((node as unknown as TreeOption).search, input) }}
      placeholder={p.placeholder ?? t('输入名称或拼音首字母搜索')}
      allowClear={p.allowClear ?? true}
      treeDefaultExpandAll={false}
      listHeight={360}
      style={{ width: '100%', ...p.style }}
      autoFocus={p.autoFocus}
      disabled={p.disabled}
      loading={cats.loading}
      popupMatchSelectWidth={false}
    />
  );
}

/**
 * A place: district → street → community → grid cell (any level may be chosen). Value: the
 * territory id. Type parts of the path (后田 第一, or pinyin) and Enter takes the first match.
 */
export function TerritoryPicker({ pinyin = true, ...p }: PickerProps<number | null> & { pinyin?: boolean }) {
  const { t } = useI18n();
  const ts = useAsync(() => api.territories(), []);
  useLoadError(ts);
  const options = useMemo(() => treeOptions(ts.data ?? [], { pinyin: pinyin ? toPinyin : undefined }), [ts.data, pinyin]);
  const path = useMemo(() => pathIds(ts.data ?? [], p.value), [ts.data, p.value]);
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const filter = (input: string, opts: TreeOption[]) => matches(opts.map((o) => o.search).join(' '), input);
  /** The first option path the search shows (the order of the tree, deepest last). */
  const firstMatch = (input: string): number[] | null => {
    let found: number[] | null = null;
    const walk = (list: TreeOption[], trail: TreeOption[]) => {
      for (const o of list) {
        if (found) return;
        const here = [...trail, o];
        if (!o.children?.length && filter(input, here)) found = here.map((x) => x.value);
        if (o.children) walk(o.children, here);
      }
    };
    walk(options, []);
    return found;
  };
  return (
    <div
      onKeyDownCapture={(e) => {
        if (e.key !== 'Enter' || !search.trim()) return;
        const activeItem = document.querySelector('.ant-cascader-dropdown:not(.ant-select-dropdown-hidden) .ant-cascader-menu-item-active');
        if (activeItem) return;
        const first = firstMatch(search);
        if (!first) return;
        e.preventDefault();
        e.stopPropagation();
        p.onChange?.(first[first.length - 1]!);
        setSearch('');
        setOpen(false);
      }}
    >
      <Cascader<TreeOption>
        id={p.id}
        value={path.length ? path : undefined}
        onChange={(v) => {
          const ids = (v ?? []) as number[];
          p.onChange?.(ids.length ? ids[ids.length - 1]! : null);
        }}
        options={options}
        changeOnSelect
        open={open}
        onOpenChange={setOpen}
        showSearch={{ filter: (input, opts) => filter(input, opts as TreeOption[]), limit: 60, searchValue: search, onSearch: setSearch }}
        placeholder={p.placeholder ?? t('区 / 街道 / 社区 / 网格，可输入搜索')}
        allowClear={p.allowClear ?? true}
        style={{ width: '100%', ...p.style }}
        autoFocus={p.autoFocus}
        disabled={p.disabled}
        popupMatchSelectWidth={false}
      />
    </div>
  );
}

/** One or several units, searchable; `below`: only units under that unit (send down). */
export function UnitPicker({ multiple = false, below, exclude = [], ...p }: PickerProps<number | number[] | null> & { multiple?: boolean; below?: api.SessionUser; exclude?: number[] }) {
  const { t, locale } = useI18n();
  const us = useAsync(() => api.units(), []);
  useLoadError(us);
  const options = useMemo(() => (us.data ?? [])
    .filter((u) => u.active && u.kind !== 'centre' && !exclude.includes(u.id))
    .filter((u) => !below || (u.path.startsWith(below.unitPath) && u.id !== below.unitId))
    .map((u) => ({ value: u.id, label: u.name, search: `${u.name} ${u.code} ${toPinyin(u.name)}`.toLowerCase(), kind: unitKindLabel(u.kind, locale) })), [us.data, below, exclude, locale]);
  return (
    <Select<number | number[] | null>
      id={p.id}
      mode={multiple ? 'multiple' : undefined}
      value={p.value ?? (multiple ? [] : undefined)}
      onChange={(v) => p.onChange?.(v ?? null)}
      options={options}
      showSearch={{ filterOption: (input, o) => matches((o as { search: string }).search, input) }}
      optionRender={(o) => <span>{o.label} <span className="muted">{(o.data as { kind: string }).kind}</span></span>}
      placeholder={p.placeholder ?? t('输入单位名称或拼音搜索')}
      allowClear={p.allowClear ?? true}
      style={{ width: '100%', ...p.style }}
      autoFocus={p.autoFocus}
      disabled={p.disabled}
      loading={us.loading}
    />
  );
}
