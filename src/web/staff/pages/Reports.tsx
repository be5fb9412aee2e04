// 报告 Reports (leaders, supervisors, administrators): the reports the platform made on its
// schedule (每日简情 after midnight, 热点问题周报 on Mondays, 月度分析报告 on the 1st) and on demand,
// newest period first, filtered by kind, each downloadable as Word and Excel (plain links: the
// session cookie authenticates them); a form to make one now (the period picker fits the kind: a
// day, an ISO week, a month, or any range with a subject for a 专报), showing the server's field
// errors beside the field; and a view of one report's content (GET /api/reports/:id).
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert, App, Button, Card, Col, DatePicker, Drawer, Empty, Form, List, Radio, Row, Segmented, Space, Spin, Table, Tag, Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import * as api from '../../shared/api.ts';
import {
  addDays, allReports, getReport, isoWeekDays, isoWeekKey, listReports, makeReport, monthEnd, REPORT_KIND_LIST, reportFileUrl,
  type Report, type ReportData, type ReportKind,
} from '../../shared/api-leaders.ts';
import type { ExportColumn } from '../../shared/excel.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { beijingDay, fmtTime } from '../../shared/time.tsx';
import { ExportButton } from '../components/OrderTable.tsx';
import { CategoryPicker, TerritoryPicker, UnitPicker } from '../components/Pickers.tsx';
import { useRefresh } from './refresh.ts';

const KIND_COLOUR: Record<ReportKind, string> = { daily: 'blue', weekly: 'volcano', monthly: 'purple', special: 'gold' };
const D = 'YYYY-MM-DD';
type SubjectDim = 'category' | 'territory' | 'unit';

interface FormValues {
  kind: ReportKind;
  period: Dayjs | [Dayjs, Dayjs] | null;
  subjectDim: SubjectDim;
  subjectId: number | null;
}

/** The period a kind covers by default: the last one that has ended (yesterday, last week, last month, the last 30 days). */
function defaultPeriod(kind: ReportKind): FormValues['period'] {
  const yesterday = addDays(beijingDay(), -1);
  switch (kind) {
    case 'daily': return dayjs(yesterday);
    case 'weekly': return dayjs(addDays(isoWeekDays(beijingDay())[0], -7));
    case 'monthly': return dayjs(`${addDays(`${beijingDay().slice(0, 7)}-01`, -1).slice(0, 7)}-01`);
    case 'special': return [dayjs(addDays(yesterday, -29)), dayjs(yesterday)];
  }
}

/** The period key the API takes (2026-03-05, 2026-W10, 2026-03, 2026-03-01..2026-03-15) and its first and last day. */
function periodKey(kind: ReportKind, v: FormValues['period']): { key: string; from: string; last: string } | null {
  if (!v) return null;
  if (Array.isArray(v)) {
    const [a, b] = [v[0].format(D), v[1].format(D)];
    return { key: `${a}..${b}`, from: a, last: b };
  }
  const d = v.format(D);
  switch (kind) {
    case 'daily': return { key: d, from: d, last: d };
    case 'weekly': {
      const [from, last] = isoWeekDays(d);
      return { key: isoWeekKey(d), from, last };
    }
    case 'monthly': return { key: d.slice(0, 7), from: `${d.slice(0, 7)}-01`, last: monthEnd(d) };
    case 'special': return { key: d, from: d, last: d };
  }
}

const future = (d: Dayjs) => d.format(D) > beijingDay();

/** The kinds' names (the server's REPORT_KIND_ZH) in the page's language. */
function useKindLabel(): (k: ReportKind) => string {
  const { t } = useI18n();
  return (k) => ({ daily: t('每日简情'), weekly: t('热点问题周报'), monthly: t('月度分析报告'), special: t('专报') })[k];
}

export default function Reports() {
  const { t } = useI18n();
  const [kind, setKind] = useState<ReportKind | 'all'>('all');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [reloadKey, setReloadKey] = useState(0);
  const [viewing, setViewing] = useState<number | null>(null);
  const list = useAsync(() => listReports({ kind: kind === 'all' ? undefined : kind, page, pageSize }), [kind, page, pageSize, reloadKey]);
  // Scheduled reports appear after midnight, on Mondays and on the 1st: a slow timer is enough.
  useRefresh(list.reload, { everyMs: 5 * 60_000 });

  const kindLabel = useKindLabel();
  const triggerLabel = (r: Report) => (r.trigger === 'schedule' ? t('定时生成') : t('按需生成'));
  const exportColumns: ExportColumn<Report>[] = [
    { header: t('报告类型'), value: (r) => kindLabel(r.kind), width: 14 },
    { header: t('统计期'), value: (r) => r.period, width: 24 },
    { header: t('起始日期'), value: (r) => r.from, width: 12 },
    { header: t('截止日期'), value: (r) => r.to, width: 12 },
    { header: t('标题'), value: (r) => r.title, width: 44 },
    { header: t('生成方式'), value: (r) => triggerLabel(r), width: 12 },
    { header: t('生成时间'), value: (r) => fmtTime(r.createdAt), width: 18 },
  ];
  const columns: TableColumnsType<Report> = [
    { title: t('报告类型'), key: 'kind', width: 120, render: (_, r) => <Tag color={KIND_COLOUR[r.kind]}>{kindLabel(r.kind)}</Tag> },
    {
      title: t('统计期'), key: 'period', width: 200,
      render: (_, r) => <div><div>{r.period}</div>{r.from !== r.to ? <div className="muted" style={{ fontSize: 12 }}>{r.from} ~ {r.to}</div> : null}</div>,
    },
    { title: t('标题'), key: 'title', render: (_, r) => <Button type="link" size="small" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }} data-action="view" onClick={() => setViewing(r.id)}>{r.title}</Button> },
    { title: t('生成方式'), key: 'trigger', width: 100, render: (_, r) => <Tag color={r.trigger === 'schedule' ? 'default' : 'cyan'}>{triggerLabel(r)}</Tag> },
    { title: t('生成时间'), key: 'createdAt', width: 150, render: (_, r) => <span className="nowrap">{fmtTime(r.createdAt)}</span> },
    { title: t('下载'), key: 'files', width: 170, render: (_, r) => <FileLinks report={r} /> },
  ];
  const data = list.data;
  return (
    <div className="page" data-testid="reports">
      <Typography.Title level={4} className="page-title">{t('报告')}</Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={8}>
          <MakeReport onMade={(r) => {
            setPage(1);
            if (kind !== 'all' && kind !== r.kind) setKind('all');
            setReloadKey((n) => n + 1);
          }} onView={setViewing} />
        </Col>
        <Col xs={24} xl={16}>
          <Card
            size="small" title={t('报告列表')}
            extra={<ExportButton name={t('报告列表')} columns={exportColumns} rows={() => allReports(kind === 'all' ? undefined : kind)} />}
          >
            <div className="filter-bar">
              <Segmented<ReportKind | 'all'>
                data-testid="report-kind-filter"
                value={kind}
                onChange={(v) => {
                  setKind(v);
                  setPage(1);
                }}
                options={[{ value: 'all', label: t('全部') }, ...REPORT_KIND_LIST.map((k) => ({ value: k, label: kindLabel(k) }))]}
              />
            </div>
            <Table<Report>
              size="small" rowKey="id" data-testid="report-list" columns={columns} dataSource={data?.items ?? []} loading={list.loading && !data}
              scroll={{ x: 'max-content' }}
              onRow={(r) => ({ 'data-report-id': r.id, 'data-kind': r.kind, 'data-period': r.period } as React.HTMLAttributes<HTMLElement>)}
              pagination={{
                current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
                showTotal: (n) => t('共 {n} 条', { n }), onChange: (pg, ps) => {
                  setPage(pg);
                  setPageSize(ps);
                },
              }}
              locale={{ emptyText: list.error ? <Typography.Text type="danger">{api.errorText(list.error)}</Typography.Text> : t('暂无报告') }}
            />
          </Card>
        </Col>
      </Row>
      <ReportView id={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}

function FileLinks({ report }: { report: Report }) {
  return (
    <Space size={4}>
      <Button size="small" icon={<FileWordOutlined />} href={reportFileUrl(report.id, 'docx')} download data-format="docx">Word</Button>
      <Button size="small" icon={<FileExcelOutlined />} href={reportFileUrl(report.id, 'xlsx')} download data-format="xlsx">Excel</Button>
    </Space>
  );
}

// ---- making a report ---------------------------------------------------------------------------

const FIELD_OF: Record<string, keyof FormValues> = { kind: 'kind', period: 'period', subject: 'subjectId' };

function MakeReport({ onMade, onView }: { onMade: (r: Report) => void; onView: (id: number) => void }) {
  const { t, locale } = useI18n();
  const kindLabel = useKindLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form) ?? 'daily';
  const period = Form.useWatch('period', form);
  const dim = Form.useWatch('subjectDim', form) ?? 'category';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<Report | null>(null);
  const p = useMemo(() => periodKey(kind, period ?? null), [kind, period]);

  const submit = async (v: FormValues) => {
    const key = periodKey(v.kind, v.period);
    if (!key) return;
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      const r = await makeReport({ kind: v.kind, period: key.key, subject: v.kind === 'special' && v.subjectId ? `${v.subjectDim}:${v.subjectId}` : undefined });
      setMade(r);
      message.success(t('报告已生成：{title}', { title: r.title }));
      onMade(r);
    } catch (e) {
      const fields = e instanceof api.ApiError ? e.fields : [];
      const placed = fields.filter((f) => FIELD_OF[f.field]);
      form.setFields(placed.map((f) => ({ name: FIELD_OF[f.field]!, errors: [locale === 'en-US' ? f.messageEn : f.message] })));
      if (!placed.length || placed.length < fields.length) setError(api.errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const picker = (() => {
    const common = { id: 'report-period', style: { width: '100%' }, allowClear: false, disabledDate: future } as const;
    switch (kind) {
      case 'daily': return <DatePicker {...common} format={D} />;
      case 'weekly': return <DatePicker {...common} picker="week" format={(d) => isoWeekKey(d.format(D))} />;
      case 'monthly': return <DatePicker {...common} picker="month" format="YYYY-MM" />;
      case 'special': return <DatePicker.RangePicker {...common} format={D} />;
    }
  })();

  return (
    <Card size="small" title={t('生成报告')} data-testid="make-report">
      <Form<FormValues>
        form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}
        initialValues={{ kind: 'daily', period: defaultPeriod('daily'), subjectDim: 'category', subjectId: null }}
        onValuesChange={(changed: Partial<FormValues>) => {
          // A changed field's server error no longer applies.
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof FormValues, errors: [] })));
          if (changed.kind) {
            form.setFieldsValue({ period: defaultPeriod(changed.kind) });
            form.setFields([{ name: 'period', errors: [] }, { name: 'subjectId', errors: [] }]);
          }
          if (changed.subjectDim) form.setFieldsValue({ subjectId: null });
          setError(null);
        }}
      >
        <Form.Item name="kind" label={t('报告类型')}>
          <Radio.Group id="report-kind" optionType="button" buttonStyle="solid" options={REPORT_KIND_LIST.map((k) => ({ value: k, label: kindLabel(k) }))} />
        </Form.Item>
        <Form.Item
          name="period" label={t('统计期')} rules={[{ required: true, message: t('请选择统计期') }]}
          extra={p ? <span data-testid="report-period-key">{p.from === p.last ? p.key : t('{key}（{from} 至 {last}）', { key: p.key, from: p.from, last: p.last })}</span> : null}
        >
          {picker}
        </Form.Item>
        {kind === 'special' ? (
          <>
            <Form.Item name="subjectDim" label={t('专报事项')} style={{ marginBottom: 8 }}>
              <Radio.Group optionType="button" options={[{ value: 'category', label: t('诉求分类') }, { value: 'territory', label: t('区域') }, { value: 'unit', label: t('承办单位') }]} />
            </Form.Item>
            <Form.Item name="subjectId" rules={[{ required: true, message: t('请选择专报事项') }]}>
              {dim === 'category' ? <CategoryPicker id="report-subject" /> : dim === 'territory' ? <TerritoryPicker id="report-subject" /> : <UnitPicker id="report-subject" />}
            </Form.Item>
          </>
        ) : null}
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" loading={busy} id="report-generate">{t('生成报告')}</Button>
        <div className="muted" style={{ fontSize: 12, marginTop: 8 }}>{t('统计期结束后方可生成；同一统计期的报告只生成一次，再次生成即取回原报告。')}</div>
      </Form>
      {made ? (
        <Alert
          type="success" showIcon style={{ marginTop: 12 }} data-testid="report-made"
          title={<span>{t('报告已生成：{title}', { title: made.title })} <Typography.Text type="secondary">{made.period}</Typography.Text></span>}
          description={<Space wrap><Button size="small" onClick={() => onView(made.id)}>{t('查看')}</Button><FileLinks report={made} /></Space>}
        />
      ) : null}
    </Card>
  );
}

// ---- one report's content ------------------------------------------------------------------------

type Figure = ReportData['figures'][number];
type Hot = ReportData['hotIssues'][number];
type ShareRow = ReportData['byCategory'][number];

function ReportView({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t, pick } = useI18n();
  const r = useAsync(() => (id === null ? Promise.resolve(null) : getReport(id)), [id]);
  const defs = useAsync(() => api.get<{ items: { key: string; zh: string; en: string }[] }>('/api/measures/definitions').then((x) => new Map(x.items.map((m) => [m.key, m]))), []);
  const rep = r.data && r.data.id === id ? r.data : null;
  const d = rep?.data;
  const pctOf = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  const value = (f: Figure, x: number | null) => (x === null ? '—' : f.kind === 'rate' ? pctOf(x) : f.kind === 'workdays' ? x.toFixed(1) : x.toLocaleString('en-US'));
  const shareColumns: TableColumnsType<ShareRow> = [
    { title: t('名称'), dataIndex: 'name', ellipsis: true },
    { title: t('本期'), dataIndex: 'count', width: 70, align: 'right' },
    { title: t('上期'), dataIndex: 'previous', width: 70, align: 'right' },
    { title: t('占比'), key: 'share', width: 80, align: 'right', render: (_, s) => pctOf(s.share) },
  ];
  return (
    <Drawer
      open={id !== null} onClose={onClose} size={760} destroyOnHidden
      title={rep ? <span>{rep.title} <Typography.Text type="secondary" style={{ fontWeight: 400 }}>{d?.subtitle}</Typography.Text></span> : t('报告')}
      extra={rep ? <FileLinks report={rep} /> : null}
    >
      {r.error ? <Alert type="error" showIcon title={api.errorText(r.error)} /> : null}
      {!d && !r.error ? <Spin /> : null}
      {d ? (
        <div data-testid="report-view">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {d.centre} · {t('统计期')} {d.period.from} ~ {d.period.last} · {t('数据截至')} {d.cutoff}
            {d.subject ? <> · {t('专报事项')} {d.subject.label}</> : null}
          </Typography.Paragraph>
          <Typography.Title level={5}>{t('总体情况')}</Typography.Title>
          {d.summary.map((s, i) => <Typography.Paragraph key={i} style={{ marginBottom: 6 }}>{s}</Typography.Paragraph>)}

          <Typography.Title level={5}>{t('热点问题')}</Typography.Title>
          <List<Hot>
            size="small" dataSource={d.hotIssues} data-testid="report-hot-issues" locale={{ emptyText: <Empty description={t('本期无集中反映的问题')} /> }}
            renderItem={(h) => (
              <List.Item>
                <div style={{ width: '100%' }}>
                  <div><strong>{h.title}</strong> <Tag>{t('{n} 件', { n: h.count })}</Tag><Tag>{t('{n} 位市民', { n: h.residents })}</Tag><span className="muted">{t('较上期')} {h.change}</span></div>
                  <div style={{ margin: '4px 0' }}>{h.terms.map((w) => <Tag key={w} color="blue">{w}</Tag>)}</div>
                  {h.examples.map((e) => (
                    <div key={e.orderId} style={{ fontSize: 12 }}>
                      <Link to={`/orders/${e.orderId}`}>{e.code}</Link> {e.title}{e.address ? <span className="muted"> · {e.address}</span> : null}
                    </div>
                  ))}
                </div>
              </List.Item>
            )}
          />

          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('预警')}</Typography.Title>
          <List
            size="small" dataSource={d.warnings} data-testid="report-warnings" locale={{ emptyText: <Empty description={t('本期未触发预警')} /> }}
            renderItem={(w) => (
              <List.Item>
                <div>
                  <Tag color="orange">{w.day}</Tag>
                  <Tag color={w.kind === 'hot_issue' ? 'red' : 'gold'}>{w.kind === 'hot_issue' ? t('热点预警') : t('激增预警')}</Tag>
                  {w.text}
                  {'orderIds' in w && w.orderIds?.length ? <div className="muted">{w.orderIds.slice(0, 5).map((oid) => <Link key={oid} to={`/orders/${oid}`} style={{ marginInlineEnd: 6 }}>#{oid}</Link>)}</div> : null}
                </div>
              </List.Item>
            )}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('主要指标')}</Typography.Title>
          <Table<Figure>
            size="small" rowKey="key" pagination={false} dataSource={d.figures} data-testid="report-figures"
            columns={[
              { title: t('指标'), key: 'label', render: (_, f) => { const m = defs.data?.get(f.key); return m ? pick(m.zh, m.en) : f.label; } },
              { title: t('本期'), key: 'current', align: 'right', render: (_, f) => value(f, f.current) },
              { title: `${t('上期')}（${d.previous.key}）`, key: 'previous', align: 'right', render: (_, f) => value(f, f.previous) },
              { title: t('变化'), dataIndex: 'change', align: 'right' },
            ]}
          />

          <Row gutter={12} style={{ marginTop: 16 }}>
            <Col span={12}>
              <Typography.Title level={5}>{t('按诉求分类')}</Typography.Title>
              <Table<ShareRow> size="small" rowKey="id" pagination={false} dataSource={d.byCategory.slice(0, 10)} columns={shareColumns} />
            </Col>
            <Col span={12}>
              <Typography.Title level={5}>{t('按区域')}</Typography.Title>
              <Table<ShareRow> size="small" rowKey="id" pagination={false} dataSource={d.byTerritory.slice(0, 10)} columns={shareColumns} />
            </Col>
          </Row>

          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>{t('完整内容（走势、超期单位、满意度、排名）见 Word 和 Excel 文件。')}</Typography.Paragraph>
        </div>
      ) : null}
    </Drawer>
  );
}
