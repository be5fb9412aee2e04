// 诉求分类: the three-level category tree; add, rename, move, disable.
import { useMemo, useState } from 'react';
import { Button, Form, Input, Switch, Table, Tag, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import * as api from '../../../shared/api.ts';
import { useAsync, useLoadError } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { fullName, treeOptions } from '../../../shared/trees.ts';
import { ExportButton } from '../../components/OrderTable.tsx';
import { AdminPage, EditDialog, treeRows } from './common.tsx';

interface V {
  code: string;
  name: string;
  parentId: number | null;
  active?: boolean;
}

export default function Categories() {
  const { t } = useI18n();
  const cats = useAsync(() => api.categories(), []);
  useLoadError(cats);
  const [edit, setEdit] = useState<{ cat?: api.Category; parentId?: number | null } | null>(null);
  const rows = useMemo(() => treeRows(cats.data ?? []), [cats.data]);
  const parents = useMemo(() => treeOptions(cats.data ?? []), [cats.data]);
  const close = (saved: boolean) => {
    setEdit(null);
    if (saved) {
      api.invalidate('categories');
      cats.reload();
    }
  };
  return (
    <AdminPage title="诉求分类" extra={<>
      <ExportButton name={t('诉求分类')} rows={async () => cats.data ?? []} columns={[
        { header: t('编码'), value: (c: api.Category) => c.code }, { header: t('名称'), value: (c) => c.name },
        { header: t('完整分类'), value: (c) => fullName(cats.data ?? [], c.id), width: 40 }, { header: t('状态'), value: (c) => (c.active ? t('启用') : t('停用')) },
      ]} />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEdit({ parentId: null })}>{t('新建一级分类')}</Button>
    </>}>
      <Table<api.Category>
        size="small" rowKey="id" dataSource={rows} loading={cats.loading} pagination={false}
        columns={[
          { title: t('名称'), dataIndex: 'name' },
          { title: t('编码'), dataIndex: 'code', width: 120 },
          { title: t('状态'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{t('启用')}</Tag> : <Tag>{t('停用')}</Tag>) },
          {
            title: t('操作'), key: 'op', width: 170, render: (_, c) => <>
              <Button size="small" type="link" onClick={() => setEdit({ cat: c })}>{t('编辑')}</Button>
              {c.path.split('/').filter(Boolean).length < 3 && <Button size="small" type="link" onClick={() => setEdit({ parentId: c.id })}>{t('新建下级')}</Button>}
            </>,
          },
        ]}
      />
      {edit && (
        <EditDialog<V>
          title={edit.cat ? `${t('编辑分类')} · ${edit.cat.name}` : t('新建分类')}
          initial={edit.cat ? { name: edit.cat.name, parentId: edit.cat.parentId, active: edit.cat.active } : { parentId: edit.parentId ?? null }}
          onClose={close}
          save={(v) => (edit.cat
            ? api.admin.updateCategory(edit.cat.id, { name: v.name, parentId: v.parentId ?? null, active: v.active })
            : api.admin.createCategory({ code: v.code, name: v.name, parentId: v.parentId ?? null }))}
        >
          {() => <>
            {!edit.cat && <Form.Item name="code" label={t('编码')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.-]{1,40}$/, message: t('编码只能含字母、数字和 _ . -') }]}><Input placeholder="020105" /></Form.Item>}
            <Form.Item name="name" label={t('名称')} rules={[{ required: true, whitespace: true }]}><Input maxLength={50} /></Form.Item>
            <Form.Item name="parentId" label={t('上级分类')}><TreeSelect treeData={parents} allowClear showSearch={{ treeNodeFilterProp: 'title' }} /></Form.Item>
            {edit.cat && <Form.Item name="active" label={t('启用')} valuePropName="checked"><Switch /></Form.Item>}
          </>}
        </EditDialog>
      )}
    </AdminPage>
  );
}
