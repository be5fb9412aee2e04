// 工单查询: every order this user may see, with every filter, and Excel export of the selection.
import { Typography } from 'antd';
import { useI18n } from '../../shared/i18n.tsx';
import { OrderTable } from '../components/OrderTable.tsx';

const ALL = {};

export default function Orders() {
  const { t } = useI18n();
  return (
    <div className="page">
      <Typography.Title level={4} className="page-title">{t('工单查询')}</Typography.Title>
      <OrderTable
        testId="orders"
        filter={ALL}
        filters={['q', 'phone', 'state', 'requestType', 'channel', 'category', 'territory', 'unit', 'colour', 'emergency', 'dates']}
        columns={['code', 'title', 'type', 'channel', 'category', 'place', 'state', 'unit', 'accepted', 'deadline']}
        exportName={t('工单列表')}
      />
    </div>
  );
}
