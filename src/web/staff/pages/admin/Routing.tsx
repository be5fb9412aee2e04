// 派单规则: which unit leads (and which assist) for a category, optionally in one territory; the
// deepest category, then the deepest territory, wins. The dispatcher sees the rule's suggestion.
import { useState } from 'react';
import { Button, Form, Popconfirm, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import * as api from '../../../shared/api.ts';
import { useAsync, useLoadError } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { fullName } from '../../../shared/trees.ts';
import { ExportButton } from '../../components/OrderTable.tsx';
import { CategoryPicker, TerritoryPicker, UnitPicker } from '../../components/Pickers.tsx';
import { AdminPage, EditDialog } from './common.tsx';

interface V {
  categoryId: number;
  territoryId: number | null;
  leadUnitId: number;
  assistUnitIds: number[];
}

export default function Routing() {
  const { t } = useI18n();
  const data = useAsync(() => Promise.all([api.routingRules(), api.categories(), api.territories(), api.units()]), []);
  useLoadError(data);
  const [edit, setEdit] = useState<{ rule?: api.RoutingRuleRow } | null>(null);
  const [rules, cats, ts, us] = data.data ?? [[], [], [], []];
  const unit = (id: number) => us.find((u) => u.id === id)?.name ?? `#${id}`;
  const reload = () => {
    api.invalidate('routing');
    data.reload();
  };
  return (
    <AdminPage title="派单规则" extra={<>
      <ExportButton name={t('派单规则')} rows={async () => rules} columns={[
        { header: 'ID', value: (r: api.RoutingRuleRow) => r.id }, { header: t('分类'), value: (r) => fullName(cats, r.categoryId), width: 36 },
        { header: t('区域'), value: (r) => (r.territoryId ? fullName(ts, r.territoryId) : t('全区')), width: 30 },
        { header: t('主办单位'), value: (r) => unit(r.leadUnitId), width: 36 }, { header: t('协办单位'), value: (r) => r.assistUnitIds.map(unit).join('、'), width: 40 },
      ]} />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEdit({})}>{t('新建规则')}</Button>
    </>}>
      <Table<api.RoutingRuleRow>
        size="small" rowKey="id" dataSource={rules} loading={data.loading} pagination={{ pageSize: 50 }}
        columns={[
          { title: 'ID', dataIndex: 'id', width: 60 },
          { title: t('分类'), dataIndex: 'categoryId', render: (v: number) => fullName(cats, v) },
          { title: t('区域'), dataIndex: 'territoryId', render: (v: number | null) => (v ? fullName(ts, v) : t('全区')) },
          { title: t('主办单位'), dataIndex: 'leadUnitId', render: unit },
          { title: t('协办单位'), dataIndex: 'assistUnitIds', render: (v: number[]) => v.map(unit).join('、') },
          {
            title: t('操作'), key: 'op', width: 130, render: (_, r) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setEdit({ rule: r })}>{t('编辑')}</Button>
                <Popconfirm title={t('停用这条规则？')} onConfirm={() => api.admin.disableRouting(r.id).then(reload)}><Button size="small" type="link" danger>{t('停用')}</Button></Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {edit && (
        <EditDialog<V>
          title={edit.rule ? `${t('编辑派单规则')} #${edit.rule.id}` : t('新建派单规则')}
          initial={edit.rule ?? { territoryId: null, assistUnitIds: [] }}
          onClose={(saved) => {
            setEdit(null);
            if (saved) reload();
          }}
          save={(v) => {
            const body = { categoryId: v.categoryId, territoryId: v.territoryId ?? null, leadUnitId: v.leadUnitId, assistUnitIds: v.assistUnitIds ?? [] };
            return edit.rule ? api.admin.updateRouting(edit.rule.id, body) : api.admin.createRouting(body);
          }}
        >
          {() => <>
            <Form.Item name="categoryId" label={t('分类')} rules={[{ required: true }]}><CategoryPicker /></Form.Item>
            <Form.Item name="territoryId" label={t('区域（不选为全区）')}><TerritoryPicker pinyin={false} /></Form.Item>
            <Form.Item name="leadUnitId" label={t('主办单位')} rules={[{ required: true }]}><UnitPicker /></Form.Item>
            <Form.Item name="assistUnitIds" label={t('协办单位')}><UnitPicker multiple /></Form.Item>
          </>}
        </EditDialog>
      )}
    </AdminPage>
  );
}
