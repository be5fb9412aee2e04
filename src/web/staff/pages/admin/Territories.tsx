// 区域网格: the territory tree (district → street → community → grid cell); add a cell or a community.
import { useMemo, useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Table, TreeSelect } from 'antd';
import * as api from '../../../shared/api.ts';
import { useAsync, useLoadError } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { levelLabel } from '../../../shared/labels.ts';
import { fullName, treeOptions } from '../../../shared/trees.ts';
import { ExportButton } from '../../components/OrderTable.tsx';
import { AdminPage, EditDialog, treeRows } from './common.tsx';
import { TERRITORY_LEVELS as LEVELS } from '../../../../domain/types.ts';

interface V {
  code: string;
  name: string;
  level: string;
  parentId: number | null;
  centerLng?: number;
  centerLat?: number;
}

export default function Territories() {
  const { t, locale } = useI18n();
  const ts = useAsync(() => api.territories(), []);
  useLoadError(ts);
  const [parent, setParent] = useState<api.Territory | null | undefined>(undefined);
  const rows = useMemo(() => treeRows(ts.data ?? []), [ts.data]);
  const parents = useMemo(() => treeOptions(ts.data ?? []), [ts.data]);
  const next = (l?: string) => LEVELS[Math.min(LEVELS.length - 1, LEVELS.indexOf((l ?? 'district') as never) + 1)];
  return (
    <AdminPage title="区域网格" extra={
      <ExportButton name={t('区域网格')} rows={async () => ts.data ?? []} columns={[
        { header: t('编码'), value: (x: api.Territory) => x.code, width: 18 }, { header: t('名称'), value: (x) => x.name },
        { header: t('层级'), value: (x) => levelLabel(x.level, locale) }, { header: t('完整名称'), value: (x) => fullName(ts.data ?? [], x.id), width: 40 },
        { header: t('经度'), value: (x) => x.centerLng }, { header: t('纬度'), value: (x) => x.centerLat },
      ]} />
    }>
      <Table<api.Territory>
        size="small" rowKey="id" dataSource={rows} loading={ts.loading} pagination={false} expandable={{ defaultExpandedRowKeys: [1] }}
        columns={[
          { title: t('名称'), dataIndex: 'name' },
          { title: t('编码'), dataIndex: 'code', width: 170 },
          { title: t('层级'), dataIndex: 'level', width: 90, render: (l: string) => levelLabel(l, locale) },
          { title: t('中心坐标'), key: 'c', width: 180, render: (_, x) => (x.centerLng ? `${x.centerLng}, ${x.centerLat}` : '') },
          { title: t('操作'), key: 'op', width: 110, render: (_, x) => (x.level !== 'grid' ? <Button size="small" type="link" onClick={() => setParent(x)}>{t('新建下级')}</Button> : null) },
        ]}
      />
      {parent !== undefined && (
        <EditDialog<V>
          title={t('新建区域')}
          initial={{ parentId: parent?.id ?? null, level: next(parent?.level) }}
          onClose={(saved) => {
            setParent(undefined);
            if (saved) {
              api.invalidate('territories');
              ts.reload();
            }
          }}
          save={(v) => api.admin.createTerritory({ code: v.code, name: v.name, level: v.level, parentId: v.parentId ?? null, centerLng: v.centerLng ?? null, centerLat: v.centerLat ?? null })}
        >
          {() => <>
            <Form.Item name="code" label={t('编码')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.-]{1,40}$/, message: t('编码只能含字母、数字和 _ . -') }]}><Input /></Form.Item>
            <Form.Item name="name" label={t('名称')} rules={[{ required: true, whitespace: true }]}><Input maxLength={50} /></Form.Item>
            <Form.Item name="level" label={t('层级')} rules={[{ required: true }]}><Select options={LEVELS.map((l) => ({ value: l, label: levelLabel(l, locale) }))} /></Form.Item>
            <Form.Item name="parentId" label={t('上级区域')}><TreeSelect treeData={parents} allowClear showSearch={{ treeNodeFilterProp: 'title' }} /></Form.Item>
            <Form.Item name="centerLng" label={t('经度')}><InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="centerLat" label={t('纬度')}><InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} /></Form.Item>
          </>}
        </EditDialog>
      )}
    </AdminPage>
  );
}
