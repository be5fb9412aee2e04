// 节假日: a year's statutory holidays and make-up working days (调休), as the State Council
// publishes them; saving replaces the year and the background job recomputes open deadlines.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Input, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import * as api from '../../../shared/api.ts';
import { useAsync, useLoadError } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { ExportButton } from '../../components/OrderTable.tsx';
import { AdminPage } from './common.tsx';

export default function Calendar() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear());
  const [year, setYear] = useState(thisYear);
  const days = useAsync(() => api.admin.calendarDays(year), [year]);
  useLoadError(days);
  const [rows, setRows] = useState<api.CalendarDay[]>([]);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState<{ date: string | null; isOffDay: boolean; name: string }>({ date: null, isOffDay: true, name: '' });
  useEffect(() => {
    setRows(days.data ?? []);
    setDirty(false);
  }, [days.data]);
  const sorted = useMemo(() => [...rows].sort((a, b) => a.date.localeCompare(b.date)), [rows]);
  const save = async () => {
    setBusy(true);
    try {
      const r = await api.admin.setCalendarYear(year, sorted.filter((d) => d.date.startsWith(`${year}-`)));
      message.success(t('已保存 {n} 天，在办工单的时限将自动重算', { n: r.count }));
      days.reload();
    } catch (e) {
      message.error(api.errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AdminPage title="节假日" extra={<>
      <Select value={year} onChange={setYear} style={{ width: 100 }} options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${y}` }))} />
      <ExportButton name={t('节假日 {y}', { y: year })} rows={async () => sorted} columns={[
        { header: t('日期'), value: (d: api.CalendarDay) => d.date, width: 14 }, { header: t('类型'), value: (d) => (d.isOffDay ? t('放假') : t('调休上班')) }, { header: t('名称'), value: (d) => d.name },
      ]} />
      <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={busy} onClick={save}>{t('保存本年安排')}</Button>
    </>}>
      <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('只需列出与“周一至周五上班”不同的日子：法定节假日（放假）和调休上班的周末。')} />
      <Space style={{ marginBottom: 8 }} wrap>
        <DatePicker value={adding.date ? dayjs(adding.date) : null} onChange={(d) => setAdding({ ...adding, date: d ? d.format('YYYY-MM-DD') : null })} />
        <Select value={adding.isOffDay} onChange={(v) => setAdding({ ...adding, isOffDay: v })} style={{ width: 110 }} options={[{ value: true, label: t('放假') }, { value: false, label: t('调休上班') }]} />
        <Input value={adding.name} onChange={(e) => setAdding({ ...adding, name: e.target.value })} placeholder={t('名称，如：国庆节')} style={{ width: 160 }} />
        <Button icon={<PlusOutlined />} disabled={!adding.date || !adding.name.trim() || !adding.date.startsWith(`${year}-`)} onClick={() => {
          setRows([...rows.filter((r) => r.date !== adding.date), { date: adding.date!, isOffDay: adding.isOffDay, name: adding.name.trim() }]);
          setDirty(true);
        }}>{t('添加')}</Button>
      </Space>
      <Table<api.CalendarDay>
        size="small" rowKey="date" dataSource={sorted} loading={days.loading} pagination={false}
        columns={[
          { title: t('日期'), dataIndex: 'date', width: 130 },
          { title: t('星期'), key: 'w', width: 80, render: (_, d) => (locale === 'en-US' ? ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] : [...'日一二三四五六'])[new Date(`${d.date}T00:00:00Z`).getUTCDay()] },
          { title: t('类型'), dataIndex: 'isOffDay', width: 100, render: (v: boolean) => (v ? <Tag color="red">{t('放假')}</Tag> : <Tag color="blue">{t('调休上班')}</Tag>) },
          { title: t('名称'), dataIndex: 'name' },
          { title: t('操作'), key: 'op', width: 80, render: (_, d) => <Button size="small" type="link" danger onClick={() => {
            setRows(rows.filter((r) => r.date !== d.date));
            setDirty(true);
          }}>{t('删除')}</Button> },
        ]}
      />
    </AdminPage>
  );
}
