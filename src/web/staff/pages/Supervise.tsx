// 督办台: orders due soon and overdue, by unit; supervision notices (督办), listed supervision
// (挂牌督办) until the resident is satisfied, and the discipline-inspection queue (纪检监察).
// The table by unit reads every due-soon and overdue order (the API counts no group by unit): it
// reloads after a step taken here, on the live stream at most once a minute, and every five
// minutes (colours change with time alone); the counters and lists follow the live stream as usual.
import { useMemo, useState } from 'react';
import { Badge, Card, Col, Row, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { CLOCK_STATES, OPEN_STATES } from '../../../domain/order.ts';
import * as api from '../../shared/api.ts';
import { Chart, type ChartOption } from '../../shared/Chart.tsx';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { ExportButton, OrderTable } from '../components/OrderTable.tsx';
import { useCounts } from '../components/useCounts.ts';
import { useRefresh } from './refresh.ts';

const SOON: api.OrderFilter = { colour: 'due_soon' };
const OVER: api.OrderFilter = { colour: 'overdue' };
const LISTED: api.OrderFilter = { listed: true, state: OPEN_STATES.filter((x) => x !== 'accepted') };
const DISCIPLINE: api.OrderFilter = { escalation: 'discipline', state: [...CLOCK_STATES] };
const SUPERVISED: api.OrderFilter = { escalation: 'supervised', state: [...CLOCK_STATES] };

interface UnitRow {
  unitId: number;
  unit: string;
  soon: number;
  over: number;
}

export default function Supervise() {
  const { t } = useI18n();
  const [reload, setReload] = useState(0);
  const [unit, setUnit] = useState<UnitRow | null>(null);
  const counts = useCounts({ soon: SOON, over: OVER, listed: LISTED, discipline: DISCIPLINE, supervised: SUPERVISED }, reload);
  const byUnit = useAsync(async () => {
    const [soon, over] = await Promise.all([api.listAll(SOON), api.listAll(OVER)]);
    const m = new Map<number, UnitRow>();
    const add = (o: api.Order, k: 'soon' | 'over') => {
      const u = o.leadUnit;
      if (!u) return;
      const r = m.get(u.id) ?? { unitId: u.id, unit: u.name, soon: 0, over: 0 };
      r[k]++;
      m.set(u.id, r);
    };
    soon.forEach((o) => add(o, 'soon'));
    over.forEach((o) => add(o, 'over'));
    return [...m.values()].sort((a, b) => b.over + b.soon - (a.over + a.soon));
  }, [reload]);
  useRefresh(byUnit.reload, { minMs: 60_000, everyMs: 5 * 60_000 });
  const rows = byUnit.data ?? [];
  const option = useMemo<ChartOption>(() => {
    const top = rows.slice(0, 12).reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: [t('即将到期'), t('已超期')], top: 0 },
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((r) => r.unit), axisLabel: { width: 150, overflow: 'truncate' } },
      series: [
        { name: t('即将到期'), type: 'bar', stack: 'n', itemStyle: { color: '#faad14' }, data: top.map((r) => r.soon) },
        { name: t('已超期'), type: 'bar', stack: 'n', itemStyle: { color: '#f5222d' }, data: top.map((r) => r.over) },
      ],
    };
  }, [rows, t]);
  const unitFilter = (f: api.OrderFilter): api.OrderFilter => (unit ? { ...f, leadUnitId: unit.unitId } : f);
  const bump = () => setReload((n) => n + 1);
  const tab = (zh: string, k: string, colour: string) => <span>{t(zh)} <Badge count={counts[k] ?? 0} showZero overflowCount={9999} color={colour} /></span>;
  const actions: api.Action[] = ['supervise', 'list', 'unlist', 'reopen'];
  return (
    <div className="page">
      <Typography.Title level={4} className="page-title">{t('督办台')}</Typography.Title>
      <div className="stat-grid" data-testid="supervise-stats">
        <Card size="small"><Statistic title={t('即将到期')} value={counts.soon ?? 0} styles={{ content: { color: '#d48806' } }} /></Card>
        <Card size="small"><Statistic title={t('已超期')} value={counts.over ?? 0} styles={{ content: { color: '#cf1322' } }} /></Card>
        <Card size="small"><Statistic title={t('超期自动督办')} value={counts.supervised ?? 0} /></Card>
        <Card size="small"><Statistic title={t('挂牌督办')} value={counts.listed ?? 0} styles={{ content: { color: '#c41d7f' } }} /></Card>
        <Card size="small"><Statistic title={t('纪检监察')} value={counts.discipline ?? 0} styles={{ content: { color: '#820014' } }} /></Card>
      </div>
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('即将到期与超期工单（按主办单位）')} extra={
            <ExportButton name={t('按单位预警统计')} rows={async () => rows}
              columns={[{ header: t('主办单位'), value: (r: UnitRow) => r.unit, width: 36 }, { header: t('即将到期'), value: (r) => r.soon }, { header: t('已超期'), value: (r) => r.over }, { header: t('合计'), value: (r) => r.soon + r.over }]} />
          }>
            <Table<UnitRow>
              size="small"
              rowKey="unitId"
              dataSource={rows}
              loading={byUnit.loading && !byUnit.data}
              pagination={{ pageSize: 8, size: 'small' }}
              data-testid="by-unit"
              className="clickable-rows"
              rowClassName={(r) => (r.unitId === unit?.unitId ? 'row-selected' : '')}
              onRow={(r) => ({ onClick: () => setUnit(unit?.unitId === r.unitId ? null : r) })}
              columns={[
                { title: t('主办单位'), dataIndex: 'unit', ellipsis: true },
                { title: t('即将到期'), dataIndex: 'soon', width: 90, render: (n: number) => (n ? <Tag color="gold">{n}</Tag> : 0) },
                { title: t('已超期'), dataIndex: 'over', width: 90, render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
                { title: t('合计'), key: 'sum', width: 70, render: (_, r) => r.soon + r.over },
              ]}
              locale={{ emptyText: t('没有即将到期或超期的工单') }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('预警分布')}>
            <Chart option={option} height={300} testId="supervise-chart" />
          </Card>
        </Col>
      </Row>
      {unit && <Tag closable color="blue" onClose={() => setUnit(null)} style={{ marginBottom: 8 }}>{t('只看')}：{unit.unit}</Tag>}
      <Tabs items={[
        { key: 'over', label: tab('已超期', 'over', '#f5222d'), children: <OrderTable testId="supervise-over" filter={unitFilter(OVER)} filters={['q', 'category']} columns={['code', 'title', 'category', 'state', 'unit', 'escalation', 'deadline', 'actions']} only={actions} exportName={t('超期工单')} reloadKey={reload} onChanged={bump} /> },
        { key: 'soon', label: tab('即将到期', 'soon', '#faad14'), children: <OrderTable testId="supervise-soon" filter={unitFilter(SOON)} filters={['q', 'category']} columns={['code', 'title', 'category', 'state', 'unit', 'deadline', 'actions']} only={actions} exportName={t('即将到期工单')} reloadKey={reload} onChanged={bump} /> },
        { key: 'listed', label: tab('挂牌督办', 'listed', '#c41d7f'), children: <OrderTable testId="supervise-listed" filter={unitFilter(LISTED)} filters={['q', 'category']} columns={['code', 'title', 'category', 'state', 'unit', 'deadline', 'actions']} only={actions} exportName={t('挂牌督办工单')} reloadKey={reload} onChanged={bump} /> },
        { key: 'discipline', label: tab('纪检监察', 'discipline', '#820014'), children: <OrderTable testId="supervise-discipline" filter={unitFilter(DISCIPLINE)} filters={['q', 'category']} columns={['code', 'title', 'category', 'state', 'unit', 'deadline', 'actions']} only={actions} exportName={t('纪检监察工单')} reloadKey={reload} onChanged={bump} /> },
      ]} />
    </div>
  );
}
