// The dense order table every queue uses: server-side filters and paging, live refresh when orders
// change, deadline countdowns that turn gold and red by themselves, the row's allowed steps as
// buttons, and Excel export of every row the filters select (all pages, made by the server:
// GET /api/orders/export). Rows that open something (onSelect) take the focus and Enter or Space.
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, DatePicker, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import * as api from '../../shared/api.ts';
import { download, exportXlsx, type ExportColumn } from '../../shared/excel.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n.tsx';
import {
  channelLabel, CHANNELS, escalationLabel, ORDER_STATE_LIST, REQUEST_TYPES, stateLabel, STATE_COLOUR, typeLabel,
} from '../../shared/labels.ts';
import { useLive } from '../../shared/live.ts';
import { colourAt, DeadlineTag, fmtTime, rowColourClass, useNow, usePolicy } from '../../shared/time.tsx';
import { ActionButtons } from './ActionDialog.tsx';
import { CategoryPicker, TerritoryPicker, UnitPicker } from './Pickers.tsx';

export type FilterKey = 'q' | 'state' | 'requestType' | 'channel' | 'category' | 'territory' | 'unit' | 'colour' | 'emergency' | 'dates' | 'phone';
export type ColumnKey = 'code' | 'title' | 'type' | 'channel' | 'category' | 'place' | 'state' | 'unit' | 'accepted' | 'deadline' | 'actions' | 'returns' | 'extension' | 'escalation';

export interface OrderTableProps {
  /** Fixed filter of this queue. */
  filter: api.OrderFilter;
  filters?: FilterKey[];
  columns?: ColumnKey[];
  extraColumns?: ColumnsType<api.Order>;
  /** Steps shown as buttons in the row (default: all the row allows). */
  only?: api.Action[];
  exclude?: api.Action[];
  exportName: string;
  onSelect?: (o: api.Order) => void;
  selectedId?: number | null;
  /** Changes to this value reload the table. */
  reloadKey?: unknown;
  onLoaded?: (p: api.Page<api.Order>) => void;
  onChanged?: (o: api.OrderWithEvents) => void;
  pageSize?: number;
  toolbar?: ReactNode;
  testId?: string;
}

const DEFAULT_COLUMNS: ColumnKey[] = ['code', 'title', 'type', 'category', 'place', 'state', 'unit', 'accepted', 'deadline', 'actions'];

/** The 导出 Excel button: busy while `run` works, its refusal shown in words. */
function ExportBase({ run }: { run: () => Promise<string | null> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid="export"
      onClick={async () => {
        setBusy(true);
        try {
          const done = await run();
          if (done) message.success(done);
        } catch (e) {
          message.error(api.errorText(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('导出 Excel')}
    </Button>
  );
}

/** Excel export of a list the browser holds (configuration tables): exceljs, loaded on the first export. */
export function ExportButton<T>({ name, columns, rows }: { name: string; columns: ExportColumn<T>[]; rows: () => Promise<readonly T[]> }) {
  const { t } = useI18n();
  return <ExportBase run={async () => {
    const data = await rows();
    await exportXlsx(`${name}.xlsx`, name, columns, data);
    return t('已导出 {n} 条', { n: data.length });
  }} />;
}

/** Excel export of a filtered order list: the server's file of every matching order (its refusal, e.g. too many rows, in words). */
function OrderExportButton({ name, filter }: { name: string; filter: api.OrderFilter }) {
  return <ExportBase run={async () => {
    download(await api.fetchBlob(api.orderExportUrl(filter)), `${name}.xlsx`);
    return null;
  }} />;
}

export function OrderTable(p: OrderTableProps) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(p.pageSize ?? 20);
  const [f, setF] = useState<api.OrderFilter>({});
  const filter = useMemo(() => ({ ...f, ...p.filter }), [f, p.filter]);
  const key = JSON.stringify(filter);
  const list = useAsync(async () => {
    const r = await api.listOrders({ ...filter, page, pageSize });
    p.onLoaded?.(r);
    return r;
  }, [key, page, pageSize, p.reloadKey]);
  useLive(list.reload);
  const now = useNow(5000);
  const policy = usePolicy();
  const set = (patch: api.OrderFilter) => {
    setPage(1);
    setF((x) => ({ ...x, ...patch }));
  };
  const changed = (o: api.OrderWithEvents) => {
    list.reload();
    p.onChanged?.(o);
  };

  const show = new Set(p.columns ?? DEFAULT_COLUMNS);
  const cols: ColumnsType<api.Order> = [];
  if (show.has('code')) {
    cols.push({
      title: t('工单编号'), dataIndex: 'code', width: 150, fixed: 'left',
      render: (code: string, o) => (
        <Space size={2} orientation="vertical">
          <Link to={`/orders/${o.id}`} onClick={(e) => e.stopPropagation()} className="nowrap">{code}</Link>
          <span>
            {o.emergency && <Tag color="red">{t('紧急')}</Tag>}
            {o.listed && <Tag color="magenta">{t('挂牌')}</Tag>}
            {o.counts.reopen > 0 && <Tag color="orange">{t('重办')}</Tag>}
          </span>
        </Space>
      ),
    });
  }
  if (show.has('title')) cols.push({ title: t('标题'), dataIndex: 'title', ellipsis: { showTitle: true }, width: 200 });
  if (show.has('type')) cols.push({ title: t('类型'), dataIndex: 'requestType', width: 64, render: (v: string) => typeLabel(v, locale) });
  if (show.has('channel')) cols.push({ title: t('渠道'), dataIndex: 'channel', width: 72, render: (v: string) => channelLabel(v, locale) });
  if (show.has('category')) cols.push({ title: t('分类'), key: 'category', width: 120, ellipsis: true, render: (_, o) => <Tooltip title={o.category?.fullName}>{o.category?.name ?? '—'}</Tooltip> });
  if (show.has('place')) {
    cols.push({
      title: t('地点'), key: 'place', width: 180, ellipsis: true,
      render: (_, o) => <Tooltip title={`${o.place.territory?.fullName ?? ''} ${o.place.address ?? ''}`}>{o.place.address || o.place.territory?.name || '—'}</Tooltip>,
    });
  }
  if (show.has('state')) cols.push({ title: t('状态'), dataIndex: 'state', width: 80, render: (s: string) => <Tag color={STATE_COLOUR[s]}>{stateLabel(s, locale)}</Tag> });
  if (show.has('returns')) {
    cols.push({
      title: t('退单'), key: 'returns', width: 70,
      render: (_, o) => (o.counts.return > 0 ? <Tag color="volcano">{t('退回{n}次', { n: o.counts.return })}</Tag> : null),
    });
  }
  if (show.has('unit')) cols.push({ title: t('承办单位'), key: 'unit', width: 160, ellipsis: true, render: (_, o) => o.holderUnit?.name ?? o.leadUnit?.name ?? '—' });
  if (show.has('accepted')) cols.push({ title: t('受理时间'), dataIndex: 'acceptedAt', width: 128, render: (v: string) => <span className="nowrap">{fmtTime(v)}</span> });
  if (show.has('extension')) {
    cols.push({
      title: t('延期申请'), key: 'extension', width: 220,
      render: (_, o) => (o.pendingExtension ? <span>{t('{n} 个工作日', { n: o.pendingExtension.days })} · {o.pendingExtension.reason}</span> : null),
    });
  }
  if (show.has('escalation')) cols.push({ title: t('超时状态'), dataIndex: 'escalation', width: 80, render: (v: string) => (v === 'none' ? '—' : <Tag color={v === 'warned' ? 'gold' : 'red'}>{escalationLabel(v, locale)}</Tag>) });
  if (show.has('deadline')) {
    cols.push({
      title: t('办理时限'), key: 'deadline', width: 150,
      render: (_, o) => <DeadlineTag order={o} />,
    });
  }
  cols.push(...(p.extraColumns ?? []));
  if (show.has('actions')) {
    cols.push({
      title: t('操作'), key: 'actions', width: 200, fixed: 'right',
      render: (_, o) => <ActionButtons order={o} onDone={changed} only={p.only} exclude={p.exclude} />,
    });
  }

  const fs = new Set(p.filters ?? []);
  const data = list.data;
  return (
    <div data-testid={p.testId}>
      <div className="filter-bar">
        {fs.has('q') && <Input.Search allowClear placeholder={t('编号 / 标题 / 地址')} style={{ width: 200 }} onSearch={(q) => set({ q: q || undefined })} />}
        {fs.has('phone') && <Input.Search allowClear placeholder={t('来电号码')} style={{ width: 150 }} onSearch={(v) => set({ phone: v || undefined })} />}
        {fs.has('state') && (
          <Select mode="multiple" allowClear placeholder={t('状态')} style={{ minWidth: 140 }} maxTagCount="responsive"
            options={ORDER_STATE_LIST.map((s) => ({ value: s, label: stateLabel(s, locale) }))} onChange={(v: string[]) => set({ state: v.length ? v : undefined })} />
        )}
        {fs.has('requestType') && (
          <Select allowClear placeholder={t('诉求类型')} style={{ width: 110 }} options={REQUEST_TYPES.map((x) => ({ value: x, label: typeLabel(x, locale) }))}
            onChange={(v?: string) => set({ requestType: v })} />
        )}
        {fs.has('channel') && (
          <Select allowClear placeholder={t('渠道')} style={{ width: 110 }} options={CHANNELS.map((x) => ({ value: x, label: channelLabel(x, locale) }))}
            onChange={(v?: string) => set({ channel: v })} />
        )}
        {fs.has('category') && <CategoryPicker placeholder={t('诉求分类')} style={{ width: 180 }} value={f.categoryId ?? null} onChange={(v) => set({ categoryId: v ?? undefined })} />}
        {fs.has('territory') && <TerritoryPicker placeholder={t('区域')} style={{ width: 200 }} value={f.territoryId ?? null} onChange={(v) => set({ territoryId: v ?? undefined })} />}
        {fs.has('unit') && <UnitPicker placeholder={t('主办单位')} style={{ width: 200 }} value={f.leadUnitId ?? null} onChange={(v) => set({ leadUnitId: (v as number | null) ?? undefined })} />}
        {fs.has('colour') && (
          <Select allowClear placeholder={t('时限')} style={{ width: 110 }} options={[{ value: 'due_soon', label: t('即将到期') }, { value: 'overdue', label: t('已超期') }]}
            onChange={(v?: 'due_soon' | 'overdue') => set({ colour: v })} />
        )}
        {fs.has('emergency') && (
          <Select allowClear placeholder={t('紧急程度')} style={{ width: 110 }} options={[{ value: 'true', label: t('紧急') }, { value: 'false', label: t('非紧急') }]}
            onChange={(v?: string) => set({ emergency: v === undefined ? undefined : v === 'true' })} />
        )}
        {fs.has('dates') && (
          <DatePicker.RangePicker
            placeholder={[t('受理开始日期'), t('结束日期')]}
            onChange={(r) => set({
              from: r?.[0] ? new Date(`${r[0].format('YYYY-MM-DD')}T00:00:00+08:00`).toISOString() : undefined,
              to: r?.[1] ? new Date(new Date(`${r[1].format('YYYY-MM-DD')}T00:00:00+08:00`).getTime() + 86_400_000).toISOString() : undefined,
            })}
          />
        )}
        <span style={{ flex: 1 }} />
        {p.toolbar}
        <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('刷新')} />
        <OrderExportButton name={p.exportName} filter={filter} />
      </div>
      <Table<api.Order>
        rowKey="id"
        size="small"
        className={p.onSelect ? 'clickable-rows' : undefined}
        columns={cols}
        dataSource={data?.items ?? []}
        loading={list.loading && !data}
        scroll={{ x: 'max-content' }}
        sticky
        rowClassName={(o) => [rowColourClass(o, now, policy), o.id === p.selectedId ? 'row-selected' : ''].join(' ')}
        onRow={(o) => ({
          'data-code': o.code,
          'data-colour': colourAt(o, now, policy),
          ...(p.onSelect ? {
            onClick: () => p.onSelect!(o),
            // The keyboard opens a row too: Tab to it, Enter or Space (not when a button in it has the focus).
            tabIndex: 0,
            'aria-selected': o.id === p.selectedId,
            onKeyDown: (e: React.KeyboardEvent<HTMLElement>) => {
              if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
              e.preventDefault();
              p.onSelect!(o);
            },
          } : {}),
        } as React.HTMLAttributes<HTMLElement>)}
        pagination={{
          current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('共 {n} 条', { n }), onChange: (pg, ps) => {
            setPage(pg);
            setPageSize(ps);
          },
        }}
        locale={{ emptyText: list.error ? <Typography.Text type="danger">{api.errorText(list.error)}</Typography.Text> : t('暂无工单') }}
      />
    </div>
  );
}
