// 今日概览: the leader's first view of today's numbers (accepted, answered at once, open, due
// soon, overdue, listed), today by category, channel and street, and the last seven days.
// Built from the measures (GET /api/dashboard: today's counters and the trends; GET
// /api/measures/breakdown: today by channel), not from today's orders: a few small requests
// whatever the day's volume. Follows the live stream at most every 10 seconds and reloads every
// 30 seconds (the measures are folded by a background job, shortly after each change).
import { useMemo } from 'react';
import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import * as api from '../../shared/api.ts';
import { Chart, type ChartOption } from '../../shared/Chart.tsx';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { channelLabel, OPEN_STATE_LIST } from '../../shared/labels.ts';
import { beijingDay } from '../../shared/time.tsx';
import { useRefresh } from './refresh.ts';

interface Breakdown {
  items: { key: string; name: string; values: { counts: { received: number } } }[];
}

export default function Overview() {
  const { t, locale } = useI18n();
  const data = useAsync(async () => {
    const dash = await api.leaderDashboard();
    const [channels, soon, listed] = await Promise.all([
      api.get<Breakdown>(`/api/measures/breakdown${api.query({ period: dash.today.date, by: 'channel' })}`),
      api.countOrders({ colour: 'due_soon' }),
      api.countOrders({ listed: true, state: OPEN_STATE_LIST }),
    ]);
    return { dash, channels: channels.items, soon, listed };
  }, []);
  useRefresh(data.reload, { minMs: 10_000, everyMs: 30_000 });
  const d = data.data;
  const today = d?.dash.today;
  /** Index of today in the trends (their last day). */
  const last = (d?.dash.trends.days.length ?? 0) - 1;

  const byChannel = useMemo(
    () => (d?.channels ?? []).filter((c) => c.values.counts.received > 0).map((c) => ({ name: channelLabel(c.key, locale), value: c.values.counts.received })),
    [d, locale],
  );
  const byCategory = useMemo(
    () => (d?.dash.trends.categories ?? []).map((c) => [c.name, c.received[last] ?? 0] as const).filter((x) => x[1] > 0).sort((a, b) => b[1] - a[1]).slice(0, 10),
    [d, last],
  );
  const byStreet = useMemo(() => [...(d?.dash.map.areas ?? [])].sort((a, b) => b.today - a.today), [d]);
  const week = useMemo(() => {
    const tr = d?.dash.trends;
    if (!tr) return { days: [], received: [], closed: [] };
    const from = Math.max(0, tr.days.length - 7);
    return { days: tr.days.slice(from).map((x) => x.slice(5)), received: tr.total.received.slice(from), closed: tr.total.closed.slice(from) };
  }, [d]);

  const pie: ChartOption = { tooltip: { trigger: 'item' }, legend: { bottom: 0, type: 'scroll' }, series: [{ type: 'pie', radius: ['35%', '65%'], data: byChannel, label: { formatter: '{b} {c}' } }] };
  const bar: ChartOption = {
    tooltip: { trigger: 'axis' }, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: byCategory.map((x) => x[0]).reverse() },
    series: [{ type: 'bar', data: byCategory.map((x) => x[1]).reverse(), itemStyle: { color: '#0b4fa2' } }],
  };
  const streets: ChartOption = {
    tooltip: { trigger: 'axis' }, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: byStreet.map((a) => a.name), axisLabel: { interval: 0, rotate: byStreet.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: byStreet.map((a) => a.today), itemStyle: { color: '#1677ff' } }],
  };
  const trend: ChartOption = {
    tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 8, right: 16, top: 16, bottom: 28, containLabel: true },
    xAxis: { type: 'category', data: week.days }, yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', name: t('受理'), smooth: true, areaStyle: { opacity: 0.15 }, data: week.received, itemStyle: { color: '#0b4fa2' } },
      { type: 'line', name: t('办结'), smooth: true, data: week.closed, itemStyle: { color: '#52c41a' } },
    ],
  };

  return (
    <div className="page">
      <Typography.Title level={4} className="page-title">{t('今日概览')} <span className="muted" style={{ fontSize: 13, fontWeight: 400 }}>{today?.date ?? beijingDay()}</span></Typography.Title>
      {data.error ? <Alert type="error" showIcon title={api.errorText(data.error)} style={{ marginBottom: 12 }} /> : null}
      <div className="stat-grid" data-testid="overview-stats">
        <Card size="small" loading={!d}><Statistic title={t('今日受理')} value={today?.received ?? 0} /></Card>
        <Card size="small" loading={!d}>
          <Statistic
            title={t('今日即时答复')} value={today?.answered ?? 0}
            suffix={today?.answerRate !== null && today?.answerRate !== undefined ? <span style={{ fontSize: 13 }}>{Math.round(today.answerRate * 100)}%</span> : null}
          />
        </Card>
        <Card size="small" loading={!d}><Statistic title={t('在办工单')} value={today?.open ?? 0} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('即将到期')} value={d?.soon ?? 0} styles={{ content: { color: '#d48806' } }} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('已超期')} value={today?.overdueNow ?? 0} styles={{ content: { color: '#cf1322' } }} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('挂牌督办')} value={d?.listed ?? 0} styles={{ content: { color: '#c41d7f' } }} /></Card>
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}><Card size="small" title={t('今日诉求分类（前十）')}><Chart option={bar} testId="chart-category" /></Card></Col>
        <Col xs={24} xl={12}><Card size="small" title={t('今日受理渠道')}><Chart option={pie} testId="chart-channel" /></Card></Col>
        <Col xs={24} xl={12}><Card size="small" title={t('今日各街道受理')}><Chart option={streets} height={240} testId="chart-street" /></Card></Col>
        <Col xs={24} xl={12}><Card size="small" title={t('近七日受理与办结')}><Chart option={trend} height={240} testId="chart-trend" /></Card></Col>
      </Row>
    </div>
  );
}
