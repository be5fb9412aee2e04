// 今日概览: the leader's first view of today's numbers (accepted, answered at once, open, due
// soon, overdue, listed), today's calls by channel, category and hour, and the last seven days.
// Built from the order list's counts; the measures module's /api/dashboard (api.dashboard()) is
// the full leaders' screen to wire in next.
import { useMemo } from 'react';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import * as api from '../../shared/api.ts';
import { Chart, type ChartOption } from '../../shared/Chart.tsx';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { channelLabel, OPEN_STATE_LIST } from '../../shared/labels.ts';
import { useLive } from '../../shared/live.ts';
import { beijingDay, startOfBeijingDay } from '../../shared/time.tsx';

const DAY = 86_400_000;

export default function Overview() {
  const { t, locale } = useI18n();
  const data = useAsync(async () => {
    const today = startOfBeijingDay();
    const days = Array.from({ length: 7 }, (_, i) => {
      const from = new Date(new Date(today).getTime() - (6 - i) * DAY);
      return { day: beijingDay(from.getTime()).slice(5), from: from.toISOString(), to: new Date(from.getTime() + DAY).toISOString() };
    });
    const [orders, open, soon, over, listed, trend] = await Promise.all([
      api.listAll({ from: today }, 5000),
      api.countOrders({ state: OPEN_STATE_LIST }),
      api.countOrders({ colour: 'due_soon' }),
      api.countOrders({ colour: 'overdue' }),
      api.countOrders({ listed: true, state: OPEN_STATE_LIST }),
      Promise.all(days.map(async (d) => ({ day: d.day, n: await api.countOrders({ from: d.from, to: d.to }) }))),
    ]);
    return { orders, open, soon, over, listed, trend };
  }, []);
  useLive(data.reload);
  const d = data.data;
  const orders = useMemo(() => d?.orders ?? [], [d]);
  const immediate = orders.filter((o) => o.closeKind === 'immediate').length;
  const byChannel = useMemo(() => {
    const m = new Map<string, number>();
    for (const o of orders) m.set(o.channel, (m.get(o.channel) ?? 0) + 1);
    return [...m.entries()].map(([k, n]) => ({ name: channelLabel(k, locale), value: n }));
  }, [orders, locale]);
  const byCategory = useMemo(() => {
    const m = new Map<string, number>();
    for (const o of orders) {
      const top = o.category?.fullName?.split(' / ')[0] ?? t('未分类');
      m.set(top, (m.get(top) ?? 0) + 1);
    }
    return [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  }, [orders, t]);
  const byHour = useMemo(() => {
    const h = Array.from({ length: 24 }, () => 0);
    for (const o of orders) h[new Date(new Date(o.acceptedAt!).getTime() + 8 * 3_600_000).getUTCHours()]!++;
    return h;
  }, [orders]);

  const pie: ChartOption = { tooltip: { trigger: 'item' }, legend: { bottom: 0, type: 'scroll' }, series: [{ type: 'pie', radius: ['35%', '65%'], data: byChannel, label: { formatter: '{b} {c}' } }] };
  const bar: ChartOption = {
    tooltip: { trigger: 'axis' }, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: byCategory.map((x) => x[0]).reverse() },
    series: [{ type: 'bar', data: byCategory.map((x) => x[1]).reverse(), itemStyle: { color: '#0b4fa2' } }],
  };
  const hours: ChartOption = {
    tooltip: { trigger: 'axis' }, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: byHour.map((_, i) => `${i}`) }, yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: byHour, itemStyle: { color: '#1677ff' } }],
  };
  const trend: ChartOption = {
    tooltip: { trigger: 'axis' }, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: (d?.trend ?? []).map((x) => x.day) }, yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: (d?.trend ?? []).map((x) => x.n), itemStyle: { color: '#0b4fa2' } }],
  };

  return (
    <div className="page">
      <Typography.Title level={4} className="page-title">{t('今日概览')} <span className="muted" style={{ fontSize: 13, fontWeight: 400 }}>{beijingDay()}</span></Typography.Title>
      <div className="stat-grid" data-testid="overview-stats">
        <Card size="small" loading={!d}><Statistic title={t('今日受理')} value={orders.length} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('今日即时答复')} value={immediate} suffix={orders.length ? <span style={{ fontSize: 13 }}>{Math.round((immediate / orders.length) * 100)}%</span> : null} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('在办工单')} value={d?.open ?? 0} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('即将到期')} value={d?.soon ?? 0} styles={{ content: { color: '#d48806' } }} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('已超期')} value={d?.over ?? 0} styles={{ content: { color: '#cf1322' } }} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('挂牌督办')} value={d?.listed ?? 0} styles={{ content: { color: '#c41d7f' } }} /></Card>
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}><Card size="small" title={t('今日诉求分类（前十）')}><Chart option={bar} testId="chart-category" /></Card></Col>
        <Col xs={24} xl={12}><Card size="small" title={t('今日受理渠道')}><Chart option={pie} testId="chart-channel" /></Card></Col>
        <Col xs={24} xl={12}><Card size="small" title={t('今日受理时段（时）')}><Chart option={hours} height={240} /></Card></Col>
        <Col xs={24} xl={12}><Card size="small" title={t('近七日受理量')}><Chart option={trend} height={240} testId="chart-trend" /></Card></Col>
      </Row>
    </div>
  );
}
