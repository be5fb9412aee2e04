// Track a request by its code and check: where it is, the replies, and (once replied) rate the
// result or ask to reopen; withdraw while it is still being handled.
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Space, Tag, Timeline, Typography } from 'antd';
import * as api from '../shared/api.ts';
import { useI18n } from '../shared/i18n.tsx';
import { eventLabel, satisfactionLabel, SATISFACTION_LIST, stateLabel, STATE_COLOUR, typeLabel } from '../shared/labels.ts';
import { fmtTime } from '../shared/time.tsx';

const CODE = /^\d{8}-\d{5}$/;

export default function Track() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const loc = useLocation();
  const initial = (loc.state ?? {}) as { code?: string; check?: string };
  const [cred, setCred] = useState<{ code: string; check: string } | null>(null);
  const [view, setView] = useState<api.PublicOrder | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [rateForm] = Form.useForm<{ satisfaction: api.Satisfaction; note?: string }>();
  const [reopenForm] = Form.useForm<{ reason: string }>();
  const [withdrawForm] = Form.useForm<{ reason: string }>();
  const [showWithdraw, setShowWithdraw] = useState(false);

  const look = async (code: string, check: string) => {
    setBusy('look');
    setError(null);
    try {
      const v = await api.portal.track(code.trim(), check.trim());
      setCred({ code: code.trim(), check: check.trim() });
      setView(v);
    } catch (e) {
      setView(null);
      setError(api.errorText(e));
    } finally {
      setBusy(null);
    }
  };
  useEffect(() => {
    if (initial.code && initial.check) void look(initial.code, initial.check);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const act = async (what: string, run: () => Promise<api.PublicOrder>, ok: string) => {
    setBusy(what);
    try {
      setView(await run());
      message.success(ok);
    } catch (e) {
      message.error(api.errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('查询办理进度')}>
        <Form layout="vertical" initialValues={{ code: initial.code ?? '', check: initial.check ?? '' }} onFinish={(v: { code: string; check: string }) => look(v.code, v.check)}>
          <Form.Item name="code" label={t('工单编号')} rules={[{ required: true, message: t('请填写工单编号') }, { pattern: CODE, message: t('工单编号形如 20261121-00042') }]}>
            <Input id="track-code" inputMode="numeric" placeholder="20261121-00042" maxLength={14} autoComplete="off" />
          </Form.Item>
          <Form.Item name="check" label={t('校验码')} extra={t('手机号后四位，或提交时的查询密码')} rules={[{ required: true, message: t('请填写校验码') }, { min: 4, message: t('至少 4 位') }]}>
            <Input id="track-check" maxLength={32} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy === 'look'} data-testid="track-submit">{t('查询')}</Button>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="track-error" />}
      </Card>

      {view && cred && (
        <>
          <Card size="small" data-testid="track-result" title={<span>{view.code} <Tag color={STATE_COLOUR[view.state]} data-testid="track-state">{stateLabel(view.state, locale)}</Tag></span>}>
            <Typography.Paragraph strong>{view.title}</Typography.Paragraph>
            <Descriptions size="small" column={1} items={[
              { key: 't', label: t('诉求类型'), children: typeLabel(view.requestType, locale) },
              ...(view.category ? [{ key: 'c', label: t('问题分类'), children: view.category }] : []),
              { key: 'a', label: t('受理时间'), children: fmtTime(view.acceptedAt) },
              ...(view.leadUnit ? [{ key: 'u', label: t('承办单位'), children: view.leadUnit }] : []),
              ...(view.handleDue && !view.closedAt ? [{ key: 'd', label: t('办理时限'), children: fmtTime(view.handleDue) }] : []),
              ...(view.closedAt ? [{ key: 'x', label: t('办结时间'), children: fmtTime(view.closedAt) }] : []),
              ...(view.residentRating ? [{ key: 'r', label: t('您的评价'), children: satisfactionLabel(view.residentRating, locale) }] : []),
            ]} />
          </Card>

          <Card size="small" title={t('答复')} data-testid="track-replies">
            {view.replies.length === 0 ? <span className="muted">{t('尚未答复，办理中请耐心等待')}</span> : view.replies.map((r, i) => (
              <div className="reply" key={i}>
                <div className="muted">{r.unit} · {fmtTime(r.at)}</div>
                <div className="pre">{r.text}</div>
              </div>
            ))}
          </Card>

          {view.canRate && !view.residentRating && (
            <Card size="small" title={t('评价办理结果')} data-testid="rate">
              <Form form={rateForm} layout="vertical" onFinish={(v) => act('rate', () => api.portal.rate(cred.code, cred.check, v.satisfaction, v.note?.trim() || null), t('感谢您的评价'))}>
                <Form.Item name="satisfaction" rules={[{ required: true, message: t('请选择') }]}>
                  <Radio.Group optionType="button" buttonStyle="solid" options={SATISFACTION_LIST.map((s) => ({ value: s, label: satisfactionLabel(s, locale) }))} />
                </Form.Item>
                <Form.Item name="note"><Input.TextArea rows={2} maxLength={2000} placeholder={t('还想说的话（可选）')} /></Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy === 'rate'} data-testid="rate-submit">{t('提交评价')}</Button>
              </Form>
            </Card>
          )}

          {view.canRequestReopen && (
            <Card size="small" title={t('问题没有解决？')} data-testid="reopen">
              <Form form={reopenForm} layout="vertical" onFinish={(v) => act('reopen', () => api.portal.reopen(cred.code, cred.check, v.reason.trim()), t('已提交重办申请'))}>
                <Form.Item name="reason" rules={[{ required: true, whitespace: true, message: t('请说明哪里没有解决') }]}>
                  <Input.TextArea rows={2} maxLength={2000} placeholder={t('请说明哪里没有解决')} />
                </Form.Item>
                <Button htmlType="submit" block loading={busy === 'reopen'} data-testid="reopen-submit">{t('申请重办')}</Button>
              </Form>
            </Card>
          )}

          {view.canWithdraw && (
            <Card size="small">
              {!showWithdraw ? <Button type="link" danger onClick={() => setShowWithdraw(true)}>{t('撤回诉求')}</Button> : (
                <Form form={withdrawForm} layout="vertical" onFinish={(v) => act('withdraw', () => api.portal.withdraw(cred.code, cred.check, v.reason.trim()), t('诉求已撤回'))}>
                  <Form.Item name="reason" label={t('撤回原因')} rules={[{ required: true, whitespace: true, message: t('请填写撤回原因') }]}><Input maxLength={200} /></Form.Item>
                  <Button danger htmlType="submit" block loading={busy === 'withdraw'}>{t('确认撤回')}</Button>
                </Form>
              )}
            </Card>
          )}

          <Card size="small" title={t('办理过程')}>
            <Timeline items={view.steps.map((s, i) => ({
              key: i,
              content: <div><div>{eventLabel(s.type, locale)}{s.unit ? <span className="muted"> · {s.unit}</span> : null}</div><div className="muted" style={{ fontSize: 12 }}>{fmtTime(s.at)}</div></div>,
            }))} />
          </Card>
        </>
      )}
    </Space>
  );
}
