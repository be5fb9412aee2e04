import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import * as api from '../shared/api.ts';
import { useI18n } from '../shared/i18n.tsx';
import { LangSwitch } from '../shared/LangSwitch.tsx';

export function Login({ onLogin }: { onLogin: (u: api.SessionUser) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.login(v.username.trim(), v.password);
      onLogin(r.user);
    } catch (e) {
      setError(api.errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg, #0b4fa2 0%, #1d6fd1 55%, #f0f2f5 55%)' }}>
      <Card style={{ width: 360 }} title={<span>{t('民声 · 12345 工作台')}</span>} extra={<LangSwitch />}>
        <Typography.Paragraph type="secondary">{t('政务服务便民热线工单平台')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('用户名')} rules={[{ required: true, message: t('请填写用户名') }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('密码')} rules={[{ required: true, message: t('请填写密码') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('登录')}</Button>
        </Form>
      </Card>
    </div>
  );
}
