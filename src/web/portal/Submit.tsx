// Submit a request from a phone: what kind, about what, where, what happened, photos, and how to
// reach the resident (or anonymous, or confidential). The answer is the case code and the check
// to track it with; a retried submission (same key) records it once.
import { INTAKE_LIMITS as L, PHONE_RE } from '../../domain/limits.ts';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Cascader, Form, Input, Radio, Result, Switch, Typography, Upload, type UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import * as api from '../shared/api.ts';
import { useAsync, useLoadError } from '../shared/hooks.ts';
import { useI18n } from '../shared/i18n.tsx';
import { typeLabel } from '../shared/labels.ts';
import { matches, treeOptions, type TreeOption } from '../shared/trees.ts';
import { remember } from './mine.ts';
import { REQUEST_TYPES, type RequestType } from '../../domain/types.ts';

/** What residents choose from: every request type but 'other' (the centre's own catch-all). */
const TYPES = REQUEST_TYPES.filter((x) => x !== 'other');

interface Values {
  requestType: RequestType;
  category?: number[];
  territory?: number[];
  address?: string;
  title: string;
  description: string;
  anonymous: boolean;
  name?: string;
  phone?: string;
  confidential: boolean;
  trackSecret?: string;
}

function TreeCascader({ nodes, value, onChange, placeholder, id }: { nodes: api.TreeNode[]; value?: number[]; onChange?: (v: number[]) => void; placeholder: string; id?: string }) {
  const options = useMemo(() => treeOptions(nodes), [nodes]);
  return (
    <Cascader<TreeOption>
      id={id}
      options={options}
      value={value}
      onChange={(v) => onChange?.((v ?? []) as number[])}
      changeOnSelect
      showSearch={{ filter: (input, opts) => matches(opts.map((o) => (o as TreeOption).search).join(' '), input), limit: 50 }}
      placeholder={placeholder}
      style={{ width: '100%' }}
      allowClear
    />
  );
}

export default function Submit() {
  const { t, locale } = useI18n();
  const nav = useNavigate();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [key] = useState(api.newKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ code: string; check: string | null; byPhone: boolean } | null>(null);
  const trees = useAsync(() => Promise.all([api.categories(), api.territories()]), []);
  useLoadError(trees);
  const anonymous = Form.useWatch('anonymous', form);

  const submit = async (v: Values) => {
    const uploading = files.some((f) => f.status === 'uploading');
    if (uploading) {
      setError(t('照片仍在上传，请稍候'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const last = (x?: number[]) => (x?.length ? x[x.length - 1]! : null);
      const r = await api.portal.submit({
        requestType: v.requestType,
        categoryId: last(v.category),
        title: v.title.trim(),
        description: v.description.trim(),
        place: { territoryId: last(v.territory), address: v.address?.trim() || null },
        caller: v.anonymous
          ? { name: null, phone: null, anonymous: true, confidential: v.confidential }
          : { name: v.name?.trim() || null, phone: v.phone!.trim(), anonymous: false, confidential: v.confidential },
        trackSecret: v.trackSecret?.trim() || null,
        attachmentIds: files.map((f) => (f.response as api.Uploaded | undefined)?.id).filter((x): x is number => typeof x === 'number'),
      }, key);
      const byPhone = !r.check;
      const check = r.check ?? (v.phone ? v.phone.trim().slice(-4) : null);
      if (check) remember({ code: r.code, check, title: v.title.trim(), at: new Date().toISOString() });
      setDone({ code: r.code, check, byPhone });
      window.scrollTo(0, 0);
    } catch (e) {
      setError(api.errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Card data-testid="submitted">
        <Result status="success" title={t('提交成功')} subTitle={t('请记下工单编号和校验码，用于查询办理进度')} style={{ padding: '12px 0' }} />
        <div className="code-box">
          <div className="muted">{t('工单编号')}</div>
          <div className="code" data-testid="portal-code">{done.code}</div>
        </div>
        <div className="code-box">
          <div className="muted">{done.byPhone ? t('校验码（手机号后四位）') : t('校验码（查询密码）')}</div>
          <div className="code" data-testid="portal-check">{done.check}</div>
        </div>
        <Button type="primary" block size="large" onClick={() => nav('/track', { state: { code: done.code, check: done.check } })} data-testid="track-now">{t('查询办理进度')}</Button>
      </Card>
    );
  }

  return (
    <Card title={t('我要反映')} size="small">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="submit-error" />}
      <Form<Values> form={form} layout="vertical" initialValues={{ requestType: 'complaint', anonymous: false, confidential: false }} onFinish={submit} scrollToFirstError>
        <Form.Item name="requestType" label={t('诉求类型')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" className="type-group" options={TYPES.map((x) => ({ value: x, label: typeLabel(x, locale) }))} />
        </Form.Item>
        <Form.Item name="category" label={t('问题分类')} extra={t('不确定可以不选，我们会帮您分类')}>
          <TreeCascader id="portal-category" nodes={(trees.data?.[0] ?? []).filter((c) => c.active)} placeholder={t('选择或输入搜索')} />
        </Form.Item>
        <Form.Item name="territory" label={t('发生地点')}>
          <TreeCascader id="portal-territory" nodes={trees.data?.[1] ?? []} placeholder={t('街道 / 社区 / 网格')} />
        </Form.Item>
        <Form.Item name="address" label={t('详细地址')}>
          <Input id="portal-address" maxLength={L.address} placeholder={t('如：某某路 100 号小区东门')} />
        </Form.Item>
        <Form.Item name="title" label={t('标题')} rules={[{ required: true, whitespace: true, message: t('请用一句话概括问题') }, { max: L.title }]}>
          <Input id="portal-title" maxLength={L.title} placeholder={t('一句话概括问题')} />
        </Form.Item>
        <Form.Item name="description" label={t('具体情况')} rules={[{ required: true, whitespace: true, message: t('请描述具体情况') }, { max: L.description }]}>
          <Input.TextArea id="portal-description" rows={5} maxLength={L.description} showCount placeholder={t('时间、地点、发生了什么、希望怎样解决')} />
        </Form.Item>
        <Form.Item label={t('照片（最多 9 张）')}>
          <Upload
            listType="picture-card"
            accept="image/*"
            multiple
            maxCount={9}
            fileList={files}
            onChange={(i) => setFiles(i.fileList.slice(0, 9))}
            customRequest={(o) => {
              api.portal.upload(o.file as File).then((r) => o.onSuccess?.(r), (e: unknown) => o.onError?.(e as Error));
            }}
            data-testid="portal-photos"
          >
            {files.length < 9 && <div><PlusOutlined /><div style={{ marginTop: 4 }}>{t('添加')}</div></div>}
          </Upload>
        </Form.Item>
        <Form.Item name="anonymous" label={t('匿名反映')} valuePropName="checked" extra={t('匿名时不留联系方式，系统会给您一个查询密码')}>
          <Switch id="portal-anonymous" />
        </Form.Item>
        {!anonymous && (
          <>
            <Form.Item name="name" label={t('您的称呼')}><Input id="portal-name" maxLength={L.callerName} autoComplete="name" /></Form.Item>
            <Form.Item name="phone" label={t('联系电话')} rules={[{ required: true, message: t('请填写联系电话') }, { pattern: PHONE_RE, message: t('电话号码格式不正确') }]}>
              <Input id="portal-phone" inputMode="tel" maxLength={20} autoComplete="tel" />
            </Form.Item>
          </>
        )}
        <Form.Item name="confidential" label={t('要求保密')} valuePropName="checked" extra={t('保密时承办单位看不到您的姓名和完整电话')}>
          <Switch id="portal-confidential" />
        </Form.Item>
        <Form.Item name="trackSecret" label={t('查询密码（可选）')} extra={t('不填时用手机号后四位查询')} rules={[{ min: L.trackSecretMin, message: t('至少 4 位') }, { max: L.trackSecretMax }]}>
          <Input id="portal-secret" maxLength={L.trackSecretMax} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="portal-submit">{t('提交')}</Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>{t('提交即表示您同意我们为办理诉求使用您提供的信息。')}</Typography.Paragraph>
      </Form>
    </Card>
  );
}

