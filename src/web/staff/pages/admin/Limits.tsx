// 时限规则: sign-for and handling limits by request type, category, grade and emergency (the most
// specific rule applies); a change recomputes open orders' deadlines in the background.
import { useState } from 'react';
import { Button, Form, InputNumber, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import * as api from '../../../shared/api.ts';
import { useAsync, useLoadError } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { REQUEST_TYPES, typeLabel } from '../../../shared/labels.ts';
import { fullName } from '../../../shared/trees.ts';
import { ExportButton } from '../../components/OrderTable.tsx';
import { CategoryPicker } from '../../components/Pickers.tsx';
import { AdminPage, EditDialog } from './common.tsx';

interface V {
  requestType: string | null;
  categoryId: number | null;
  grade: number | null;
  emergency: 'any' | 'yes' | 'no';
  signValue: number;
  signUnit: 'workdays' | 'hours';
  handleValue: number;
  handleUnit: 'workdays' | 'hours';
}

export default function Limits() {
  const { t, locale } = useI18n();
  const rules = useAsync(() => api.timeLimitRules(), []);
  const cats = useAsync(() => api.categories(), []);
  useLoadError(rules, cats);
  const [edit, setEdit] = useState<{ rule?: api.TimeLimitRuleRow } | null>(null);
  const lim = (l: api.Limit) => `${l.value} ${l.unit === 'hours' ? t('小时') : t('个工作日')}`;
  const cat = (id: number | null) => (id ? fullName(cats.data ?? [], id) : t('全部'));
  const em = (e: boolean | null) => (e === null ? t('不限') : e ? t('紧急') : t('非紧急'));
  const reload = () => {
    api.invalidate('limits');
    rules.reload();
  };
  const unitSelect = <Select style={{ width: 110 }} options={[{ value: 'workdays', label: t('工作日') }, { value: 'hours', label: t('小时') }]} />;
  return (
    <AdminPage title="时限规则" extra={<>
      <ExportButton name={t('时限规则')} rows={async () => rules.data ?? []} columns={[
        { header: 'ID', value: (r: api.TimeLimitRuleRow) => r.id }, { header: t('诉求类型'), value: (r) => (r.requestType ? typeLabel(r.requestType, locale) : t('全部')) },
        { header: t('分类'), value: (r) => cat(r.categoryId), width: 36 }, { header: t('等级'), value: (r) => r.grade ?? t('全部') }, { header: t('紧急'), value: (r) => em(r.emergency) },
        { header: t('签收时限'), value: (r) => lim(r.signFor) }, { header: t('办理时限'), value: (r) => lim(r.handle) }, { header: t('版本'), value: (r) => r.version },
      ]} />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEdit({})}>{t('新建规则')}</Button>
    </>}>
      <Table<api.TimeLimitRuleRow>
        size="small" rowKey="id" dataSource={rules.data ?? []} loading={rules.loading} pagination={false}
        columns={[
          { title: 'ID', dataIndex: 'id', width: 60 },
          { title: t('诉求类型'), dataIndex: 'requestType', width: 90, render: (v: string | null) => (v ? typeLabel(v, locale) : t('全部')) },
          { title: t('分类'), dataIndex: 'categoryId', render: (v: number | null) => cat(v) },
          { title: t('等级'), dataIndex: 'grade', width: 70, render: (v: number | null) => v ?? t('全部') },
          { title: t('紧急'), dataIndex: 'emergency', width: 80, render: (v: boolean | null) => em(v) },
          { title: t('签收时限'), dataIndex: 'signFor', width: 110, render: lim },
          { title: t('办理时限'), dataIndex: 'handle', width: 110, render: lim },
          { title: t('版本'), dataIndex: 'version', width: 60 },
          { title: t('状态'), dataIndex: 'active', width: 70, render: (a: boolean) => (a ? <Tag color="green">{t('启用')}</Tag> : <Tag>{t('停用')}</Tag>) },
          {
            title: t('操作'), key: 'op', width: 130, render: (_, r) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setEdit({ rule: r })}>{t('编辑')}</Button>
                {r.active && <Popconfirm title={t('停用这条规则？')} onConfirm={() => api.admin.disableLimit(r.id).then(reload)}><Button size="small" type="link" danger>{t('停用')}</Button></Popconfirm>}
              </Space>
            ),
          },
        ]}
      />
      {edit && (
        <EditDialog<V>
          title={edit.rule ? `${t('编辑时限规则')} #${edit.rule.id}` : t('新建时限规则')}
          initial={edit.rule ? {
            requestType: edit.rule.requestType, categoryId: edit.rule.categoryId, grade: edit.rule.grade,
            emergency: edit.rule.emergency === null ? 'any' : edit.rule.emergency ? 'yes' : 'no',
            signValue: edit.rule.signFor.value, signUnit: edit.rule.signFor.unit, handleValue: edit.rule.handle.value, handleUnit: edit.rule.handle.unit,
          } : { requestType: null, categoryId: null, grade: null, emergency: 'any', signValue: 1, signUnit: 'workdays', handleValue: 5, handleUnit: 'workdays' }}
          onClose={(saved) => {
            setEdit(null);
            if (saved) reload();
          }}
          save={(v) => {
            const body = {
              requestType: v.requestType ?? null, categoryId: v.categoryId ?? null, grade: v.grade ?? null,
              emergency: v.emergency === 'any' ? null : v.emergency === 'yes',
              signFor: { value: v.signValue, unit: v.signUnit }, handle: { value: v.handleValue, unit: v.handleUnit },
            };
            return edit.rule ? api.admin.updateLimit(edit.rule.id, body) : api.admin.createLimit(body);
          }}
        >
          {() => <>
            <Form.Item name="requestType" label={t('诉求类型')}><Select allowClear placeholder={t('全部')} options={REQUEST_TYPES.map((x) => ({ value: x, label: typeLabel(x, locale) }))} /></Form.Item>
            <Form.Item name="categoryId" label={t('分类（含下级）')}><CategoryPicker placeholder={t('全部')} /></Form.Item>
            <Space>
              <Form.Item name="grade" label={t('等级')}><Select allowClear placeholder={t('全部')} style={{ width: 110 }} options={[1, 2, 3, 4].map((g) => ({ value: g, label: t('{n} 级', { n: g }) }))} /></Form.Item>
              <Form.Item name="emergency" label={t('紧急')}><Select style={{ width: 110 }} options={[{ value: 'any', label: t('不限') }, { value: 'yes', label: t('紧急') }, { value: 'no', label: t('非紧急') }]} /></Form.Item>
            </Space>
            <Space>
              <Form.Item name="signValue" label={t('签收时限')} rules={[{ required: true }]}><InputNumber min={0.5} max={365} step={0.5} /></Form.Item>
              <Form.Item name="signUnit" label=" ">{unitSelect}</Form.Item>
              <Form.Item name="handleValue" label={t('办理时限')} rules={[{ required: true }]}><InputNumber min={0.5} max={365} step={0.5} /></Form.Item>
              <Form.Item name="handleUnit" label=" ">{unitSelect}</Form.Item>
            </Space>
          </>}
        </EditDialog>
      )}
    </AdminPage>
  );
}
