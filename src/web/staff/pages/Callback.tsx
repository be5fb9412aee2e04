// 回访台: replies waiting for a callback (the unit's reply is shown in the dialog), record
// satisfaction and whether it was solved; then close, or reopen to the same unit.
import { useState } from 'react';
import { Badge, Tabs, Typography } from 'antd';
import * as api from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { satisfactionLabel } from '../../shared/labels.ts';
import { fmtTime } from '../../shared/time.tsx';
import { OrderTable } from '../components/OrderTable.tsx';
import { useCounts } from '../components/useCounts.ts';

const WAITING: api.OrderFilter = { state: ['replied'] };
const CALLED: api.OrderFilter = { state: ['called_back'] };
const CLOSED: api.OrderFilter = { state: ['closed'] };

export default function Callback() {
  const { t } = useI18n();
  const [reload, setReload] = useState(0);
  const counts = useCounts({ waiting: WAITING, called: CALLED }, reload);
  const bump = () => setReload((n) => n + 1);
  return (
    <div className="page">
      <Typography.Title level={4} className="page-title">{t('回访台')}</Typography.Title>
      <Tabs
        items={[
          {
            key: 'waiting', label: <span>{t('待回访')} <Badge count={counts.waiting ?? 0} showZero overflowCount={9999} color="#722ed1" /></span>,
            children: (
              <OrderTable testId="callback-waiting" filter={WAITING} filters={['q', 'category', 'unit', 'dates']} exportName={t('待回访工单')} reloadKey={reload} onChanged={bump}
                columns={['code', 'title', 'type', 'category', 'unit', 'accepted', 'actions']} only={['callback', 'reopen']}
                extraColumns={[{ title: t('回复时间'), dataIndex: 'repliedAt', width: 128, render: (v: string) => <RepliedAt v={v} /> }]} />
            ),
          },
          {
            key: 'called', label: <span>{t('已回访待办结')} <Badge count={counts.called ?? 0} showZero overflowCount={9999} color="#13c2c2" /></span>,
            children: (
              <OrderTable testId="callback-called" filter={CALLED} filters={['q', 'category', 'unit']} exportName={t('已回访工单')} reloadKey={reload} onChanged={bump}
                columns={['code', 'title', 'category', 'unit', 'accepted', 'actions']} only={['close', 'reopen', 'callback']}
                extraColumns={[{ title: t('回访结果'), key: 'cb', width: 140, render: (_, o) => <CallbackResult o={o} /> }]} />
            ),
          },
          {
            key: 'closed', label: t('已办结'),
            children: (
              <OrderTable filter={CLOSED} filters={['q', 'category', 'unit', 'dates']} exportName={t('已办结工单')} reloadKey={reload} onChanged={bump}
                columns={['code', 'title', 'category', 'unit', 'accepted', 'actions']} only={['reopen']} />
            ),
          },
        ]}
      />
    </div>
  );
}

function RepliedAt({ v }: { v: string }) {
  return <span className="nowrap">{fmtTime(v)}</span>;
}
function CallbackResult({ o }: { o: api.Order }) {
  const { t, locale } = useI18n();
  if (!o.lastCallback) return null;
  return <span>{satisfactionLabel(o.lastCallback.satisfaction, locale)} · {o.lastCallback.solved ? t('已解决') : t('未解决')}</span>;
}
