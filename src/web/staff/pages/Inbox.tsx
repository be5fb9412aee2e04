// 待办工单: the unit handler's inbox. Orders the unit holds now, each with a live countdown to its
// deadline (green, gold when due soon, red when overdue, changing by itself); sign for, send
// further down, return, ask for an extension, reply with text and photos. A new order appears
// without a reload, from whichever server process dispatched it.
import { useEffect, useRef, useState } from 'react';
import { App, Badge, Space, Tabs, Tag, Typography } from 'antd';
import { CLOCK_STATES } from '../../../domain/order.ts';
import * as api from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { OrderTable } from '../components/OrderTable.tsx';
import { useCounts } from '../components/useCounts.ts';
import { useSession } from '../session.ts';

const SIGN: api.OrderFilter = { mine: true, state: ['dispatched'] };
const HANDLING: api.OrderFilter = { mine: true, state: ['handling'] };
const OPEN: api.OrderFilter = { state: [...CLOCK_STATES] };
const DONE: api.OrderFilter = { state: ['replied', 'called_back', 'closed'] };

export default function Inbox() {
  const { t } = useI18n();
  const { user } = useSession();
  const { notification } = App.useApp();
  const [reload, setReload] = useState(0);
  const counts = useCounts({ sign: SIGN, handling: HANDLING, open: OPEN, soon: { ...OPEN, mine: true, colour: 'due_soon' }, over: { ...OPEN, mine: true, colour: 'overdue' } }, reload);
  const before = useRef<number | null>(null);
  useEffect(() => {
    const n = counts.sign;
    if (n === undefined) return;
    if (before.current !== null && n > before.current) {
      notification.info({ title: t('收到新工单'), description: t('待签收工单 {n} 件', { n }), placement: 'bottomRight' });
    }
    before.current = n;
  }, [counts.sign, notification, t]);
  const badge = (k: string, colour = '#0b4fa2') => <Badge count={counts[k] ?? 0} showZero overflowCount={9999} color={colour} />;
  const bump = () => setReload((n) => n + 1);
  return (
    <div className="page">
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Title level={4} className="page-title" style={{ margin: 0 }}>{t('待办工单')}</Typography.Title>
        <span className="muted">{user.unitName}</span>
        {(counts.soon ?? 0) > 0 && <Tag color="gold">{t('即将到期 {n} 件', { n: counts.soon ?? 0 })}</Tag>}
        {(counts.over ?? 0) > 0 && <Tag color="red">{t('已超期 {n} 件', { n: counts.over ?? 0 })}</Tag>}
      </Space>
      <Tabs
        items={[
          {
            key: 'sign', label: <span>{t('待签收')} {badge('sign', '#fa541c')}</span>,
            children: (
              <OrderTable testId="inbox-sign" filter={SIGN} filters={['q', 'category', 'colour']} exportName={t('待签收工单')} reloadKey={reload} onChanged={bump}
                columns={['code', 'title', 'type', 'category', 'place', 'state', 'accepted', 'deadline', 'actions']} />
            ),
          },
          {
            key: 'handling', label: <span>{t('办理中')} {badge('handling')}</span>,
            children: (
              <OrderTable testId="inbox-handling" filter={HANDLING} filters={['q', 'category', 'colour']} exportName={t('办理中工单')} reloadKey={reload} onChanged={bump}
                columns={['code', 'title', 'type', 'category', 'place', 'state', 'accepted', 'deadline', 'actions']} />
            ),
          },
          {
            key: 'open', label: <span>{t('本单位及下级在办')} {badge('open')}</span>,
            children: (
              <OrderTable filter={OPEN} filters={['q', 'category', 'colour', 'territory']} exportName={t('在办工单')} reloadKey={reload} onChanged={bump}
                columns={['code', 'title', 'category', 'state', 'unit', 'accepted', 'deadline', 'actions']} />
            ),
          },
          {
            key: 'done', label: t('已回复'),
            children: (
              <OrderTable filter={DONE} filters={['q', 'category', 'dates']} exportName={t('已回复工单')} reloadKey={reload}
                columns={['code', 'title', 'category', 'state', 'unit', 'accepted']} />
            ),
          },
        ]}
      />
    </div>
  );
}
