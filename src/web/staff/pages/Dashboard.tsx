// 大屏: the leaders' screen over GET /api/dashboard: today's live counters, the district map
// coloured by orders per street, the trend by category, the unit ranking, open early warnings
// (which leaders, supervisors and administrators acknowledge here, with a note), and the hot
// issues of the last seven days (GET /api/intake/hot-issues). The counters follow the live stream
// at most every 10 seconds and reload every 30 seconds; the hot issues (text clustering, the
// expensive part) load on opening and every 5 minutes.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Empty, Input, List, Modal, Row, Statistic, Table, Tag, Typography } from 'antd';
import { CheckOutlined, DownloadOutlined } from '@ant-design/icons';
import * as api from '../../shared/api.ts';
import { acknowledgeWarning } from '../../shared/api-leaders.ts';
import { Chart, registerMap, type ChartOption } from '../../shared/Chart.tsx';
import { exportXlsx, type ExportColumn } from '../../shared/excel.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { useSession } from '../session.ts';
import { useRefresh } from './refresh.ts';

const MAP = 'chengyang';
type UnitRow = api.Dashboard['ranking']['units'][number];
type WarningRow = api.Dashboard['warnings'][number];
/** Who may acknowledge a warning (POST /api/warnings/:id/acknowledge). */

export default function Dashboard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const data = useAsync(() => api.leaderDashboard(), []);
  const hot = useAsync(() => api.hotIssues({ limit: 10 }), []);
  const [mapReady, setMapReady] = useState(false);
  useEffect(() => {
    let live = true;
    api.dashboardGeo().then((g) => registerMap(MAP, g)).then(() => live && setMapReady(true), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  useRefresh(data.reload, { minMs: 10_000, everyMs: 30_000 });
  useRefresh(hot.reload, { everyMs: 5 * 60_000 });
  const { user } = useSession();
  const canAcknowledge = user.abilities.includes('warnings.acknowledge');
  /** Acknowledged here: gone from the list at once, before the next reload. */
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<number>>(new Set());
  const [acking, setAcking] = useState<WarningRow | null>(null);

  const d = data.data;
  const map: ChartOption = useMemo(() => {
    const areas = d?.map.areas ?? [];
    const max = Math.max(1, ...areas.map((a) => a.month));
    return {
      tooltip: { trigger: 'item', formatter: (p: { name: string; value?: number }) => `${p.name}<br/>${t('本月受理')}: ${Number.isFinite(p.value) ? p.value : 0}` },
      visualMap: { min: 0, max, left: 8, bottom: 8, calculable: true, text: [t('多'), t('少')], inRange: { color: ['#e6f4ff', '#69b1ff', '#0b4fa2'] } },
      series: [{
        type: 'map', map: MAP, roam: false, label: { show: true, fontSize: 11 },
        data: areas.map((a) => ({ name: a.name, value: a.month })),
      }],
    };
  }, [d, t]);
  const trend: ChartOption = useMemo(() => ({
    tooltip: { trigger: 'axis' }, legend: { type: 'scroll', bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
    xAxis: { type: 'category', data: (d?.trends.days ?? []).map((x) => x.slice(5)) }, yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', name: t('全部'), smooth: true, data: d?.trends.total.received ?? [], lineStyle: { width: 3 }, itemStyle: { color: '#0b4fa2' } },
      ...(d?.trends.categories ?? []).filter((c) => c.received.some((n) => n > 0)).map((c) => ({ type: 'line', name: c.name, smooth: true, data: c.received })),
    ],
  }), [d, t]);

  const columns: (ExportColumn<UnitRow> & { key: string })[] = [
    { key: 'rank', header: t('排名'), value: (r) => r.rank ?? '—', width: 8 },
    { key: 'unit', header: t('单位'), value: (r) => r.unit.name, width: 24 },
    { key: 'score', header: t('考核得分'), value: (r) => r.score, width: 12 },
    // The three rates' composite is a score out of 100 (domain/assessment.ts threeRates), not a ratio.
    { key: 'threeRates', header: t('三率'), value: (r) => (r.threeRates === null ? '—' : r.threeRates), width: 12 },
  ];
  const ranking = d?.ranking.units ?? [];
  const exportRanking = async () => {
    const name = `${t('单位排名')}-${d?.ranking.period ?? ''}`;
    try {
      await exportXlsx(`${name}.xlsx`, t('单位排名'), columns, ranking);
      message.success(t('已导出 {n} 条', { n: ranking.length }));
    } catch (e) {
      message.error(api.errorText(e));
    }
  };

  const warnings = (d?.warnings ?? []).filter((w) => w.id === undefined || !acknowledged.has(w.id));
  const today = d?.today;
  return (
    <div className="page" data-testid="dashboard">
      <Typography.Title level={4} className="page-title">{t('领导大屏')} <span className="muted" style={{ fontSize: 13, fontWeight: 400 }}>{today?.date ?? ''}</span></Typography.Title>
      {data.error ? <Alert type="error" showIcon title={api.errorText(data.error)} style={{ marginBottom: 12 }} /> : null}
      <div className="stat-grid" data-testid="dashboard-counters">
        <Card size="small" loading={!d}><Statistic title={t('今日受理')} value={today?.received ?? 0} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('今日即时答复')} value={today?.answered ?? 0} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('今日派单')} value={today?.dispatched ?? 0} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('今日办结')} value={today?.closed ?? 0} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('在办工单')} value={today?.open ?? 0} /></Card>
        <Card size="small" loading={!d}><Statistic title={t('已超期')} value={today?.overdueNow ?? 0} styles={{ content: { color: '#cf1322' } }} /></Card>
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('各街道本月受理量')}>
            {mapReady ? <Chart option={map} height={360} testId="chart-map" /> : <div style={{ height: 360 }} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('近七日各类诉求趋势')}><Chart option={trend} height={360} testId="chart-category-trend" /></Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${t('单位排名')} ${d?.ranking.period ?? ''}`} extra={<Button size="small" icon={<DownloadOutlined />} onClick={() => void exportRanking()} disabled={!ranking.length}>{t('导出 Excel')}</Button>}>
            <Table<UnitRow>
              size="small" data-testid="dashboard-ranking" rowKey={(r) => r.unit.id} pagination={false} loading={!d} dataSource={ranking}
              columns={columns.map((c) => ({ key: c.key, title: c.header, render: (_: unknown, r: UnitRow) => c.value(r) }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('热点诉求（近七日）')} data-testid="hot-issues" loading={!hot.data && !hot.error} style={{ marginBottom: 12 }}>
            {hot.error ? <Alert type="error" showIcon title={api.errorText(hot.error)} /> : null}
            <List
              size="small" dataSource={hot.data?.items ?? []} locale={{ emptyText: <Empty description={t('暂无热点诉求')} /> }}
              renderItem={(h) => (
                <List.Item>
                  <div style={{ width: '100%' }}>
                    <div><strong>{h.label}</strong> <Tag color={h.trend.direction === 'rising' || h.trend.direction === 'new' ? 'red' : h.trend.direction === 'falling' ? 'green' : 'default'}>{h.trend.direction === 'new' ? t('新出现') : h.trend.direction === 'rising' ? t('上升') : h.trend.direction === 'falling' ? t('下降') : t('持平')}</Tag></div>
                    <div className="muted" style={{ fontSize: 12 }}>
                      {t('{n} 件', { n: h.count })} · {t('{n} 位市民', { n: h.residents })} · {h.terms.join(' / ')}
                      {h.exampleOrderIds.length ? <> · {h.exampleOrderIds.slice(0, 3).map((id) => <Link key={id} to={`/orders/${id}`} style={{ marginInlineEnd: 6 }}>#{id}</Link>)}</> : null}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('未处理预警')} data-testid="dashboard-warnings">
            <List
              size="small" dataSource={warnings} locale={{ emptyText: <Empty description={t('暂无预警')} /> }}
              renderItem={(w) => (
                <List.Item
                  data-kind={w.kind} data-warning-id={w.id}
                  actions={canAcknowledge && w.id !== undefined ? [
                    <Button key="ack" size="small" icon={<CheckOutlined />} data-action="acknowledge" onClick={() => setAcking(w)}>{t('处置')}</Button>,
                  ] : undefined}
                >
                  <div>
                    <Tag color="orange">{w.day}</Tag>
                    <Tag color={w.kind === 'hot_issue' ? 'red' : 'gold'}>{w.kind === 'hot_issue' ? t('热点预警') : t('激增预警')}</Tag>
                    {w.text}
                    {w.orderIds?.length ? <div className="muted">{w.orderIds.slice(0, 5).map((id) => <Link key={id} to={`/orders/${id}`} style={{ marginInlineEnd: 6 }}>#{id}</Link>)}</div> : null}
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <AcknowledgeDialog
        warning={acking}
        onClose={() => setAcking(null)}
        onDone={(id) => {
          setAcking(null);
          setAcknowledged((s) => new Set([...s, id]));
          data.reload();
        }}
      />
    </div>
  );
}

/** 处置预警: the warning, an optional note (what was done), and the acknowledgement. */
function AcknowledgeDialog({ warning, onClose, onDone }: { warning: WarningRow | null; onClose: () => void; onDone: (id: number) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setNote('');
    setError(null);
  }, [warning]);
  const submit = async () => {
    if (warning?.id === undefined) return;
    setBusy(true);
    setError(null);
    try {
      await acknowledgeWarning(warning.id, note.trim() || null);
      message.success(t('预警已处置'));
      onDone(warning.id);
    } catch (e) {
      setError(api.errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={warning !== null} title={t('处置预警')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy}
      okText={t('确认处置')} cancelText={t('取消')} okButtonProps={{ id: 'acknowledge-ok' }} destroyOnHidden
    >
      {warning ? (
        <>
          <p><Tag color="orange">{warning.day}</Tag>{warning.text}</p>
          <Typography.Text type="secondary">{t('处置说明（选填）')}</Typography.Text>
          <Input.TextArea
            id="acknowledge-note" rows={3} maxLength={500} showCount value={note} onChange={(e) => setNote(e.target.value)}
            placeholder={t('如：已通知相关单位排查')} style={{ marginTop: 4 }}
          />
          {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
        </>
      ) : null}
    </Modal>
  );
}
