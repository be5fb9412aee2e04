// 单位管理: the unit tree (departments, streets, communities, utilities, companies), their linkage
// tier and duty phone; create, edit, move, disable.
import { useMemo, useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Switch, Table, Tag, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import * as api from '../../../shared/api.ts';
import { useAsync, useLoadError } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { unitKindLabel } from '../../../shared/labels.ts';
import { treeOptions } from '../../../shared/trees.ts';
import { ExportButton } from '../../components/OrderTable.tsx';
import { TerritoryPicker } from '../../components/Pickers.tsx';
import { AdminPage, EditDialog, treeRows } from './common.tsx';
import { UNIT_KINDS } from '../../../../domain/types.ts';

interface V {
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  tier: number;
  dutyPhone?: string;
  territoryId?: number | null;
  active?: boolean;
}

export default function Units() {
  const { t, locale } = useI18n();
  const units = useAsync(() => api.units(), []);
  useLoadError(units);
  const [edit, setEdit] = useState<{ unit?: api.Unit; parentId?: number | null } | null>(null);
  const rows = useMemo(() => treeRows(units.data ?? []), [units.data]);
  const parents = useMemo(() => treeOptions(units.data ?? []), [units.data]);
  const close = (saved: boolean) => {
    setEdit(null);
    if (saved) {
      api.invalidate('units');
      units.reload();
    }
  };
  return (
    <AdminPage title="单位管理" extra={<>
      <ExportButton name={t('单位')} rows={async () => units.data ?? []} columns={[
        { header: t('编码'), value: (u: api.Unit) => u.code }, { header: t('名称'), value: (u) => u.name, width: 40 },
        { header: t('类型'), value: (u) => unitKindLabel(u.kind, locale) }, { header: t('联动级别'), value: (u) => u.tier },
        { header: t('值班电话'), value: (u) => u.dutyPhone ?? '' }, { header: t('状态'), value: (u) => (u.active ? t('启用') : t('停用')) },
      ]} />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEdit({ parentId: null })}>{t('新建单位')}</Button>
    </>}>
      <Table<api.Unit>
        size="small" rowKey="id" dataSource={rows} loading={units.loading} pagination={false} expandable={{ defaultExpandedRowKeys: [1] }}
        columns={[
          { title: t('名称'), dataIndex: 'name' },
          { title: t('编码'), dataIndex: 'code', width: 170 },
          { title: t('类型'), dataIndex: 'kind', width: 110, render: (k: string) => unitKindLabel(k, locale) },
          { title: t('联动级别'), dataIndex: 'tier', width: 90, render: (n: number) => t('{n} 级', { n }) },
          { title: t('值班电话'), dataIndex: 'dutyPhone', width: 140 },
          { title: t('状态'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{t('启用')}</Tag> : <Tag>{t('停用')}</Tag>) },
          {
            title: t('操作'), key: 'op', width: 160, render: (_, u) => <>
              <Button size="small" type="link" onClick={() => setEdit({ unit: u })}>{t('编辑')}</Button>
              <Button size="small" type="link" onClick={() => setEdit({ parentId: u.id })}>{t('新建下级')}</Button>
            </>,
          },
        ]}
      />
      {edit && (
        <EditDialog<V>
          title={edit.unit ? `${t('编辑单位')} · ${edit.unit.name}` : t('新建单位')}
          initial={edit.unit ? { ...edit.unit, dutyPhone: edit.unit.dutyPhone ?? undefined } : { parentId: edit.parentId ?? null, tier: 2, kind: 'department' }}
          onClose={close}
          save={(v) => {
            const body = { name: v.name, kind: v.kind, parentId: v.parentId ?? null, tier: v.tier, dutyPhone: v.dutyPhone?.trim() || null, territoryId: v.territoryId ?? null };
            return edit.unit ? api.admin.updateUnit(edit.unit.id, { ...body, active: v.active }) : api.admin.createUnit({ ...body, code: v.code });
          }}
        >
          {() => <>
            {!edit.unit && <Form.Item name="code" label={t('编码')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.-]{1,40}$/, message: t('编码只能含字母、数字和 _ . -') }]}><Input /></Form.Item>}
            <Form.Item name="name" label={t('名称')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} /></Form.Item>
            <Form.Item name="kind" label={t('类型')} rules={[{ required: true }]}><Select options={UNIT_KINDS.map((k) => ({ value: k, label: unitKindLabel(k, locale) }))} /></Form.Item>
            <Form.Item name="parentId" label={t('上级单位')}><TreeSelect treeData={parents} allowClear showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandedKeys={[1]} /></Form.Item>
            <Form.Item name="tier" label={t('联动级别')} extra={t('1 级：24 小时值班并有领导带班；2 级：有人值守；3 级：保持联络')}><InputNumber min={1} max={3} /></Form.Item>
            <Form.Item name="dutyPhone" label={t('值班电话')}><Input /></Form.Item>
            <Form.Item name="territoryId" label={t('属地')}><TerritoryPicker pinyin={false} /></Form.Item>
            {edit.unit && <Form.Item name="active" label={t('启用')} valuePropName="checked"><Switch /></Form.Item>}
          </>}
        </EditDialog>
      )}
    </AdminPage>
  );
}
