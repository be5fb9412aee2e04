// 预警设置: when a deadline turns due soon (yellow), and how long after it an overdue order goes to
// discipline inspection.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber } from 'antd';
import * as api from '../../../shared/api.ts';
import { useAsync, useLoadError } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { AdminPage } from './common.tsx';

export default function Settings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<api.EscalationPolicy>();
  const policy = useAsync(() => api.escalationPolicy(), []);
  useLoadError(policy);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);
  const save = async (v: api.EscalationPolicy) => {
    setBusy(true);
    try {
      await api.admin.setEscalation(v);
      api.invalidate('escalation');
      message.success(t('已保存'));
    } catch (e) {
      message.error(api.errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AdminPage title="预警设置">
      <Card size="small" style={{ maxWidth: 560 }}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('即将到期（黄灯）：距办理时限不超过“提前小时数”，且不超过办理总时长的“提前比例”。超期（红灯）自动督办，超期后再过宽限工作日移送纪检监察。')} />
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="warnBeforeHours" label={t('提前预警小时数')} rules={[{ required: true }]}><InputNumber min={1} max={240} /></Form.Item>
          <Form.Item name="warnFraction" label={t('提前预警比例（0-1）')} rules={[{ required: true }]}><InputNumber min={0.01} max={1} step={0.05} /></Form.Item>
          <Form.Item name="disciplineGraceWorkdays" label={t('移送纪检监察的宽限工作日')} rules={[{ required: true }]}><InputNumber min={0} max={30} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>{t('保存')}</Button>
        </Form>
      </Card>
    </AdminPage>
  );
}
