// 用户管理: staff accounts, their role and unit; create, change, reset a password, disable.
import { useMemo, useState } from 'react';
import { Button, Form, Input, Select, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import * as api from '../../../shared/api.ts';
import { useAsync, useLoadError } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { roleLabel } from '../../../shared/labels.ts';
import { matches } from '../../../shared/trees.ts';
import { ExportButton } from '../../components/OrderTable.tsx';
import { AdminPage, EditDialog } from './common.tsx';
import { ROLES } from '../../../../domain/types.ts';

interface V {
  username: string;
  name: string;
  role: string;
  unitId: number;
  password?: string;
  active?: boolean;
}

export default function Users() {
  const { t, locale } = useI18n();
  const users = useAsync(() => api.admin.users(), []);
  const units = useAsync(() => api.units(), []);
  useLoadError(users, units);
  const [q, setQ] = useState('');
  const [role, setRole] = useState<string | undefined>();
  const [edit, setEdit] = useState<{ user?: api.UserRow } | null>(null);
  const rows = useMemo(() => (users.data ?? []).filter((u) => (!role || u.role === role) && (!q || matches(`${u.username} ${u.name} ${u.unitName}`.toLowerCase(), q))), [users.data, q, role]);
  const unitOptions = useMemo(() => (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name })), [units.data]);
  const close = (saved: boolean) => {
    setEdit(null);
    if (saved) users.reload();
  };
  return (
    <AdminPage title="用户管理" extra={<>
      <Input.Search allowClear placeholder={t('用户名 / 姓名 / 单位')} onSearch={setQ} style={{ width: 200 }} />
      <Select allowClear placeholder={t('角色')} style={{ width: 120 }} value={role} onChange={setRole} options={ROLES.map((r) => ({ value: r, label: roleLabel(r, locale) }))} />
      <ExportButton name={t('用户')} rows={async () => rows} columns={[
        { header: t('用户名'), value: (u: api.UserRow) => u.username }, { header: t('姓名'), value: (u) => u.name },
        { header: t('角色'), value: (u) => roleLabel(u.role, locale) }, { header: t('单位'), value: (u) => u.unitName, width: 40 },
        { header: t('状态'), value: (u) => (u.active ? t('启用') : t('停用')) },
      ]} />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEdit({})}>{t('新建用户')}</Button>
    </>}>
      <Table<api.UserRow>
        size="small" rowKey="id" dataSource={rows} loading={users.loading} pagination={{ pageSize: 50, showTotal: (n) => t('共 {n} 条', { n }) }}
        columns={[
          { title: t('用户名'), dataIndex: 'username', width: 200 },
          { title: t('姓名'), dataIndex: 'name', width: 120 },
          { title: t('角色'), dataIndex: 'role', width: 110, render: (r: string) => roleLabel(r, locale) },
          { title: t('单位'), dataIndex: 'unitName' },
          { title: t('状态'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{t('启用')}</Tag> : <Tag>{t('停用')}</Tag>) },
          { title: t('操作'), key: 'op', width: 90, render: (_, u) => <Button size="small" type="link" onClick={() => setEdit({ user: u })}>{t('编辑')}</Button> },
        ]}
      />
      {edit && (
        <EditDialog<V>
          title={edit.user ? `${t('编辑用户')} · ${edit.user.username}` : t('新建用户')}
          initial={edit.user ? { name: edit.user.name, role: edit.user.role, unitId: edit.user.unitId, active: edit.user.active } : { role: 'operator' }}
          onClose={close}
          save={(v) => edit.user
            ? api.admin.updateUser(edit.user.id, { name: v.name, role: v.role, unitId: v.unitId, active: v.active, ...(v.password ? { password: v.password } : {}) })
            : api.admin.createUser({ username: v.username, name: v.name, role: v.role, unitId: v.unitId, password: v.password })}
        >
          {() => <>
            {!edit.user && <Form.Item name="username" label={t('用户名')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.-]{1,40}$/, message: t('用户名只能含字母、数字和 _ . -') }]}><Input autoComplete="off" /></Form.Item>}
            <Form.Item name="name" label={t('姓名')} rules={[{ required: true, whitespace: true }]}><Input maxLength={50} /></Form.Item>
            <Form.Item name="role" label={t('角色')} rules={[{ required: true }]}><Select options={ROLES.map((r) => ({ value: r, label: roleLabel(r, locale) }))} /></Form.Item>
            <Form.Item name="unitId" label={t('单位')} rules={[{ required: true }]}><Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} /></Form.Item>
            <Form.Item name="password" label={edit.user ? t('重置密码（不改请留空）') : t('初始密码')} rules={[...(edit.user ? [] : [{ required: true, message: t('请设置密码') }]), { min: 10, message: t('密码至少 10 位') }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            {edit.user && <Form.Item name="active" label={t('启用')} valuePropName="checked"><Switch /></Form.Item>}
          </>}
        </EditDialog>
      )}
    </AdminPage>
  );
}
