// 派单台: new and returned orders waiting for a unit (with why they came back), the unit the
// routing rules suggest and the deadlines a dispatch now would set; lead and assisting units;
// extension requests to decide; and the dispatched orders still open.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Badge, Card, Col, Descriptions, Empty, Row, Tabs, Typography } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { CLOCK_STATES } from '../../../domain/order.ts';
import * as api from '../../shared/api.ts';
import { useAsync, useLoadError } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { typeLabel } from '../../shared/labels.ts';
import { useLive } from '../../shared/live.ts';
import { fmtTime } from '../../shared/time.tsx';
import { ActionButtons } from '../components/ActionDialog.tsx';
import { OrderTable } from '../components/OrderTable.tsx';
import { useCounts } from '../components/useCounts.ts';
import { useRuleUnit } from '../components/useRuleUnit.ts';

const QUEUE: api.OrderFilter = { state: ['accepted', 'pending_dispatch'] };
const EXTENSIONS: api.OrderFilter = { state: ['handling'], pendingExtension: true };
const OPEN: api.OrderFilter = { state: [...CLOCK_STATES] };

function Workbench({ id, onDone }: { id: number; onDone: () => void }) {
  const { t, locale } = useI18n();
  const order = useAsync(() => api.getOrder(id), [id]);
  const preview = useAsync(() => api.dispatchPreview(id), [id]);
  useLive(() => {
    order.reload();
    preview.reload();
  }, [id]);
  useLoadError(order);
  const o = order.data;
  if (!o) return <Card size="small" loading={!order.error} />;
  const returns = o.events.filter((e) => e.type === 'returned');
  const p = preview.data;
  return (
    <Card size="small" title={<span>{t('派单')} · <Link to={`/orders/${o.id}`}>{o.code}</Link></span>} data-testid="dispatch-workbench">
      <Typography.Paragraph strong style={{ marginBottom: 4 }}>{o.title}</Typography.Paragraph>
      <Descriptions size="small" column={1} items={[
        { key: 't', label: t('类型'), children: `${typeLabel(o.requestType, locale)}${o.emergency ? ' · ' + t('紧急') : ''}` },
        { key: 'c', label: t('分类'), children: o.category?.fullName ?? '—' },
        { key: 'p', label: t('地点'), children: `${o.place.territory?.fullName ?? ''} ${o.place.address ?? ''}`.trim() || '—' },
        { key: 'a', label: t('受理时间'), children: fmtTime(o.acceptedAt) },
      ]} />
      <div className="pre" style={{ margin: '6px 0 10px', maxHeight: 140, overflow: 'auto' }}>{o.description}</div>
      {returns.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 10 }} data-testid="return-reasons"
          title={t('已被退回 {n} 次', { n: returns.length })}
          description={returns.map((e) => (
            <div key={e.seq}><b>{e.actor.unit?.name}</b> <span className="muted">{fmtTime(e.at)}</span>：{e.note}</div>
          ))} />
      )}
      {p && (
        <Descriptions size="small" bordered column={1} style={{ marginBottom: 10 }} data-testid="dispatch-preview" items={[
          { key: 's', label: t('建议主办单位'), children: p.suggestion?.leadUnit?.name ?? <span className="muted">{t('无匹配的派单规则')}</span> },
          { key: 'a', label: t('建议协办单位'), children: p.suggestion?.assistUnits.filter(Boolean).map((u) => u!.name).join('、') || '—' },
          { key: 'f', label: t('派单后签收时限'), children: fmtTime(p.signForDue) },
          { key: 'h', label: t('派单后办理时限'), children: <span>{fmtTime(p.handleDue)} <span className="muted">（{p.limits.handle.value}{p.limits.handle.unit === 'hours' ? t('小时') : t('个工作日')}）</span></span> },
        ]} />
      )}
      {preview.error ? <Alert type="error" title={api.errorText(preview.error)} style={{ marginBottom: 10 }} /> : null}
      <ActionButtons order={o} size="middle" onDone={() => onDone()} />
    </Card>
  );
}

export default function Dispatch() {
  const { t } = useI18n();
  const [selected, setSelected] = useState<number | null>(null);
  const [reload, setReload] = useState(0);
  const counts = useCounts({ queue: QUEUE, ext: EXTENSIONS, open: OPEN }, reload);
  const ruleUnit = useRuleUnit();
  const suggestedCol: ColumnsType<api.Order> = [{ title: t('建议主办单位'), key: 'rule', width: 170, ellipsis: true, render: (_, o) => ruleUnit(o.category?.id, o.place.territory?.id)?.name ?? <span className="muted">—</span> }];
  const done = () => {
    setSelected(null);
    setReload((n) => n + 1);
  };
  const label = (zh: string, k: string) => <span>{t(zh)} <Badge count={counts[k] ?? 0} showZero overflowCount={9999} color={k === 'ext' && counts[k] ? '#fa8c16' : '#0b4fa2'} /></span>;
  return (
    <div className="page">
      <Typography.Title level={4} className="page-title">{t('派单台')}</Typography.Title>
      <Tabs
        items={[
          {
            key: 'queue', label: label('待派单', 'queue'),
            children: (
              <Row gutter={12}>
                <Col xs={24} xl={selected ? 15 : 24}>
                  <OrderTable
                    testId="dispatch-queue"
                    filter={QUEUE}
                    filters={['q', 'requestType', 'category', 'territory', 'emergency']}
                    columns={['code', 'title', 'type', 'category', 'place', 'state', 'returns', 'accepted']}
                    extraColumns={suggestedCol}
                    exportName={t('待派单工单')}
                    onSelect={(o) => setSelected(o.id)}
                    selectedId={selected}
                    reloadKey={reload}
                      />
                </Col>
                {selected && (
                  <Col xs={24} xl={9}>
                    <Workbench id={selected} onDone={done} />
                  </Col>
                )}
                {!selected && <Col span={24}><Empty description={t('点击一行工单，查看建议单位与时限并派单')} image={Empty.PRESENTED_IMAGE_SIMPLE} /></Col>}
              </Row>
            ),
          },
          {
            key: 'ext', label: label('延期审批', 'ext'),
            children: (
              <OrderTable
                testId="extension-queue"
                filter={EXTENSIONS}
                columns={['code', 'title', 'unit', 'extension', 'deadline', 'actions']}
                only={['decideExtension']}
                exportName={t('延期申请')}
                reloadKey={reload}
              />
            ),
          },
          {
            key: 'open', label: label('已派在办', 'open'),
            children: (
              <OrderTable
                filter={OPEN}
                filters={['q', 'category', 'unit', 'colour', 'emergency']}
                columns={['code', 'title', 'category', 'state', 'unit', 'accepted', 'deadline', 'actions']}
                only={['reassign', 'decideExtension']}
                exportName={t('已派在办工单')}
                reloadKey={reload}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
