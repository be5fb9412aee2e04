// The steps of the closed loop as buttons and dialogs. A page shows exactly the `actions` the API
// gives for this viewer and order (src/app/orders/present.ts): a button never offers a step the
// server would refuse. Each step's dialog asks for what its endpoint needs.
import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Space, Switch, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import * as api from '../../shared/api.ts';
import { useAsync, useLoadError, useSubmit } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { actionLabel, satisfactionLabel, SATISFACTION_LIST } from '../../shared/labels.ts';
import { fmtTime } from '../../shared/time.tsx';
import { useSession } from '../session.ts';
import { UnitPicker } from './Pickers.tsx';

/** Steps residents take themselves (portal); never buttons here. */
const RESIDENT_ONLY: api.Action[] = ['rate', 'requestReopen'];
const PRIMARY: api.Action[] = ['dispatch', 'signFor', 'reply', 'callback', 'close', 'decideExtension', 'register', 'supervise'];
const DANGER: api.Action[] = ['return', 'withdraw', 'reopen'];

export function staffActions(o: api.Order): api.Action[] {
  return o.actions.filter((a) => !RESIDENT_ONLY.includes(a));
}

export function ActionButtons({ order, onDone, only, exclude = [], size = 'small' }: {
  order: api.Order;
  onDone: (o: api.OrderWithEvents) => void;
  only?: api.Action[];
  exclude?: api.Action[];
  size?: 'small' | 'middle';
}) {
  const { locale } = useI18n();
  const [open, setOpen] = useState<api.Action | null>(null);
  const list = staffActions(order).filter((a) => (!only || only.includes(a)) && !exclude.includes(a));
  if (!list.length) return null;
  return (
    <>
      <Space size={4} wrap>
        {list.map((a) => (
          <Button
            key={a}
            size={size}
            type={PRIMARY.includes(a) ? 'primary' : 'default'}
            danger={DANGER.includes(a)}
            data-action={a}
            onClick={(e) => {
              e.stopPropagation();
              setOpen(a);
            }}
          >
            {actionLabel(a, locale)}
          </Button>
        ))}
      </Space>
      {open && <ActionDialog order={order} action={open} onClose={() => setOpen(null)} onDone={(o) => {
        setOpen(null);
        onDone(o);
      }} />}
    </>
  );
}

interface Values {
  note?: string;
  reason?: string;
  answer?: string;
  leadUnitId?: number;
  assistUnitIds?: number[];
  phonePerson?: string;
  phoneNumber?: string;
  phoneAt?: dayjs.Dayjs;
  phoneNote?: string;
  toUnitId?: number;
  days?: number;
  approve?: boolean;
  text?: string;
  result?: string;
  handlerName?: string;
  reached?: boolean;
  satisfaction?: api.Satisfaction;
  solved?: boolean;
  score?: number;
  masterCode?: string;
}

const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

export function ActionDialog({ order, action, onClose, onDone }: {
  order: api.Order;
  action: api.Action;
  onClose: () => void;
  onDone: (o: api.OrderWithEvents) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  // The callback shows the unit's reply: from the order's events, loaded only when a list row (without them) opened the dialog.
  const needsEvents = action === 'callback' && !order.events;
  const detail = useAsync(() => (needsEvents ? api.getOrder(order.id) : Promise.resolve(null)), [order.id, needsEvents]);
  const preview = useAsync(() => (action === 'dispatch' ? api.dispatchPreview(order.id) : Promise.resolve(null)), [order.id, action]);
  useLoadError(detail, preview);
  const reached = Form.useWatch('reached', form);
  const approve = Form.useWatch('approve', form);
  const lead = Form.useWatch('leadUnitId', form);
  // 回复检查: the warnings for the reply text last checked; a second click sends that text anyway.
  const [checked, setChecked] = useState<{ result: string; warnings: api.ReplyCheckResult['warnings'] } | null>(null);
  const resultText = (Form.useWatch('result', form) as string | undefined)?.trim() ?? '';
  const replyWarned = action === 'reply' && checked !== null && checked.warnings.length > 0 && checked.result === resultText;

  useEffect(() => {
    const s = preview.data?.suggestion;
    if (s?.leadUnit && form.getFieldValue('leadUnitId') === undefined) {
      form.setFieldsValue({ leadUnitId: s.leadUnit.id, assistUnitIds: s.assistUnits.filter((u): u is NonNullable<typeof u> => !!u).map((u) => u.id) });
    }
  }, [preview.data, form]);

  const [initial] = useState<Values>(() => ({ reached: true, approve: true, days: 3, score: 90, phoneAt: dayjs(), solved: true }));

  const { busy, error, submit } = useSubmit(form, async (v) => {
    let body: unknown;
    switch (action) {
      case 'answer':
        body = { answer: v.answer!.trim(), knowledgeArticleId: null };
        break;
      case 'dispatch':
        body = {
          leadUnitId: v.leadUnitId, assistUnitIds: v.assistUnitIds ?? [], note: blank(v.note),
          phoneNotice: order.emergency ? { calledAt: (v.phoneAt ?? dayjs()).toISOString(), person: v.phonePerson!.trim(), phone: v.phoneNumber!.trim(), note: blank(v.phoneNote) } : null,
        };
        break;
      case 'reassign':
        body = { leadUnitId: v.leadUnitId, assistUnitIds: v.assistUnitIds ?? [], note: v.reason!.trim() };
        break;
      case 'sendDown':
        body = { toUnitId: v.toUnitId, note: blank(v.note) };
        break;
      case 'return': case 'reopen': case 'withdraw':
        body = { reason: v.reason!.trim() };
        break;
      case 'requestExtension':
        body = { days: v.days, reason: v.reason!.trim() };
        break;
      case 'decideExtension':
        body = { approve: v.approve, note: blank(v.note) };
        break;
      case 'assistNote':
        body = { text: v.text!.trim() };
        break;
      case 'reply': {
        const result = v.result!.trim();
        if (checked?.result !== result || !checked.warnings.length) {
          const c = await api.replyCheck(order.id, result).catch(() => null); // advisory: never blocks a reply
          if (c && c.warnings.length) {
            setChecked({ result, warnings: c.warnings });
            return;
          }
        }
        body = { result, handlerName: blank(v.handlerName), attachmentIds: files.map((f) => (f.response as api.Uploaded | undefined)?.id).filter((x): x is number => typeof x === 'number') };
        break;
      }
      case 'callback':
        body = v.reached ? { reached: true, satisfaction: v.satisfaction, solved: v.solved, note: blank(v.note) } : { reached: false, satisfaction: null, solved: null, note: blank(v.note) };
        break;
      case 'evaluate':
        body = { score: v.score, note: blank(v.note) };
        break;
      case 'merge': {
        const master = await api.getOrder(v.masterCode!.trim());
        body = { masterId: master.id, note: blank(v.note) };
        break;
      }
      case 'supervise': case 'list': case 'unlist':
        body = { note: v.note!.trim() };
        break;
      default:
        body = { note: blank(v.note) };
    }
    const o = await api.step(order.id, action, body);
    message.success(t('{action}成功', { action: actionLabel(action, locale) }));
    onDone(o);
  });

  const required = (zh: string) => [{ required: true, whitespace: true, message: t(zh) }];
  const lastReply = (order.events ?? detail.data?.events)?.filter((e) => e.type === 'replied').at(-1);
  const lastCallback = order.lastCallback;

  let fields: React.ReactNode;
  switch (action) {
    case 'answer':
      fields = <Form.Item name="answer" label={t('答复内容')} rules={required('请填写答复内容')}><Input.TextArea rows={5} autoFocus /></Form.Item>;
      break;
    case 'dispatch': {
      const p = preview.data;
      fields = (
        <>
          {p && (
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} items={[
              { key: 's', label: t('建议主办单位'), children: p.suggestion?.leadUnit?.name ?? <span className="muted">{t('无匹配的派单规则')}</span> },
              { key: 'a', label: t('建议协办单位'), children: p.suggestion?.assistUnits.filter(Boolean).map((u) => u!.name).join('、') || '—' },
              { key: 'f', label: t('签收时限'), children: <span data-testid="preview-sign-for">{fmtTime(p.signForDue)}</span> },
              { key: 'h', label: t('办理时限'), children: <span data-testid="preview-handle-due">{fmtTime(p.handleDue)}（{p.limits.handle.value}{p.limits.handle.unit === 'hours' ? t('小时') : t('个工作日')}）</span> },
            ]} />
          )}
          <Form.Item name="leadUnitId" label={t('主办单位')} rules={[{ required: true, message: t('请选择主办单位') }]}><UnitPicker id="dispatch-lead" /></Form.Item>
          <Form.Item name="assistUnitIds" label={t('协办单位')}><UnitPicker multiple exclude={lead ? [lead] : []} /></Form.Item>
          {order.emergency && (
            <>
              <Alert type="warning" showIcon title={t('紧急工单须同时电话通知承办单位（双重交办）')} style={{ marginBottom: 12 }} />
              <Space.Compact block>
                <Form.Item name="phonePerson" label={t('接听人')} rules={required('请填写接听人')} style={{ flex: 1 }}><Input /></Form.Item>
                <Form.Item name="phoneNumber" label={t('通知电话')} rules={required('请填写通知电话')} style={{ flex: 1 }}><Input /></Form.Item>
                <Form.Item name="phoneAt" label={t('通知时间')} rules={[{ required: true }]} style={{ flex: 1 }}><DatePicker showTime format="YYYY-MM-DD HH:mm" /></Form.Item>
              </Space.Compact>
              <Form.Item name="phoneNote" label={t('通话记录')}><Input /></Form.Item>
            </>
          )}
          <Form.Item name="note" label={t('派单意见')}><Input.TextArea rows={2} /></Form.Item>
        </>
      );
      break;
    }
    case 'reassign':
      fields = (
        <>
          <Form.Item name="leadUnitId" label={t('新的主办单位')} rules={[{ required: true, message: t('请选择主办单位') }]}><UnitPicker exclude={order.leadUnit ? [order.leadUnit.id] : []} /></Form.Item>
          <Form.Item name="assistUnitIds" label={t('协办单位')}><UnitPicker multiple /></Form.Item>
          <Form.Item name="reason" label={t('改派理由')} rules={required('请填写理由')}><Input.TextArea rows={2} /></Form.Item>
        </>
      );
      break;
    case 'sendDown':
      fields = (
        <>
          <Form.Item name="toUnitId" label={t('下派给')} rules={[{ required: true, message: t('请选择下级单位') }]}><UnitPicker below={user} /></Form.Item>
          <Form.Item name="note" label={t('下派意见')}><Input.TextArea rows={2} /></Form.Item>
        </>
      );
      break;
    case 'return':
      fields = <Form.Item name="reason" label={t('退单理由')} rules={required('请填写退单理由')} extra={t('说明为何不属于本单位职责，派单员将重新派单')}><Input.TextArea rows={3} autoFocus /></Form.Item>;
      break;
    case 'reopen':
      fields = (
        <>
          {lastCallback && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${t('上次回访')}：${satisfactionLabel(lastCallback.satisfaction, locale)}，${lastCallback.solved ? t('已解决') : t('未解决')}`} />}
          <Form.Item name="reason" label={t('重办理由')} rules={required('请填写重办理由')}><Input.TextArea rows={3} autoFocus /></Form.Item>
        </>
      );
      break;
    case 'withdraw':
      fields = <Form.Item name="reason" label={t('撤回理由')} rules={required('请填写撤回理由')}><Input.TextArea rows={2} autoFocus /></Form.Item>;
      break;
    case 'requestExtension':
      fields = (
        <>
          <Form.Item label={t('当前办理时限')}>{fmtTime(order.handleDue)}</Form.Item>
          <Form.Item name="days" label={t('延期工作日数')} rules={[{ required: true }]}><InputNumber min={1} max={30} /></Form.Item>
          <Form.Item name="reason" label={t('延期理由')} rules={required('请填写延期理由')}><Input.TextArea rows={3} /></Form.Item>
        </>
      );
      break;
    case 'decideExtension': {
      const pe = order.pendingExtension;
      fields = (
        <>
          {pe && (
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} items={[
              { key: 'd', label: t('申请延期'), children: t('{n} 个工作日', { n: pe.days }) },
              { key: 'r', label: t('理由'), children: pe.reason },
              { key: 'c', label: t('当前办理时限'), children: fmtTime(order.handleDue) },
              { key: 'n', label: t('延期后时限'), children: fmtTime(pe.requestedDue) },
            ]} />
          )}
          <Form.Item name="approve" label={t('审批意见')}>
            <Radio.Group options={[{ value: true, label: t('同意') }, { value: false, label: t('驳回') }]} />
          </Form.Item>
          <Form.Item name="note" label={t('说明')} rules={approve === false ? required('驳回须填写理由') : []}><Input.TextArea rows={2} /></Form.Item>
        </>
      );
      break;
    }
    case 'assistNote':
      fields = <Form.Item name="text" label={t('协办意见')} rules={required('请填写协办意见')}><Input.TextArea rows={3} autoFocus /></Form.Item>;
      break;
    case 'reply':
      fields = (
        <>
          <Form.Item name="result" label={t('办理结果')} rules={required('请填写办理结果')}><Input.TextArea rows={5} autoFocus /></Form.Item>
          <Form.Item label={t('现场照片与材料')} extra={t('最多 20 个文件，照片会自动压缩')}>
            <Upload
              listType="picture"
              multiple
              accept="image/*,.pdf"
              fileList={files}
              maxCount={20}
              customRequest={(o) => {
                api.uploadAttachment(o.file as File).then((r) => o.onSuccess?.(r), (e: unknown) => o.onError?.(e as Error));
              }}
              onChange={(i) => setFiles(i.fileList)}
            >
              <Button icon={<UploadOutlined />}>{t('上传')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item name="handlerName" label={t('经办人')}><Input placeholder={user.name} /></Form.Item>
        </>
      );
      break;
    case 'callback':
      fields = (
        <>
          {lastReply && <Alert type="info" style={{ marginBottom: 12 }} title={`${t('办理回复')}（${lastReply.actor.unit?.name ?? ''}）`} description={<div className="pre">{(lastReply.data as { result?: string }).result}</div>} />}
          <Form.Item name="reached" label={t('是否联系上市民')} valuePropName="checked"><Switch checkedChildren={t('已联系上')} unCheckedChildren={t('未联系上')} /></Form.Item>
          {reached !== false && (
            <>
              <Form.Item name="satisfaction" label={t('满意度')} rules={[{ required: true, message: t('请选择满意度') }]}>
                <Radio.Group options={SATISFACTION_LIST.map((s) => ({ value: s, label: satisfactionLabel(s, locale) }))} />
              </Form.Item>
              <Form.Item name="solved" label={t('是否解决')}>
                <Radio.Group options={[{ value: true, label: t('已解决') }, { value: false, label: t('未解决') }]} />
              </Form.Item>
            </>
          )}
          <Form.Item name="note" label={t('回访记录')}><Input.TextArea rows={2} /></Form.Item>
        </>
      );
      break;
    case 'close':
      fields = (
        <>
          {lastCallback && <Alert type={lastCallback.satisfaction === 'unsatisfied' ? 'warning' : 'success'} showIcon style={{ marginBottom: 12 }} title={`${t('回访结果')}：${satisfactionLabel(lastCallback.satisfaction, locale)}，${lastCallback.solved ? t('已解决') : t('未解决')}`} />}
          <Form.Item name="note" label={t('办结说明')} rules={lastCallback?.satisfaction === 'unsatisfied' ? required('市民不满意时办结须说明理由') : []}><Input.TextArea rows={2} /></Form.Item>
        </>
      );
      break;
    case 'evaluate':
      fields = (
        <>
          <Form.Item name="score" label={t('评分（0-100）')} rules={[{ required: true }]}><InputNumber min={0} max={100} /></Form.Item>
          <Form.Item name="note" label={t('评价意见')}><Input.TextArea rows={2} /></Form.Item>
        </>
      );
      break;
    case 'merge':
      fields = (
        <>
          <Form.Item name="masterCode" label={t('主工单编号')} rules={required('请填写主工单编号')} extra={t('本工单将作为重复件并入主工单')}><Input placeholder="20261121-00042" autoFocus /></Form.Item>
          <Form.Item name="note" label={t('说明')}><Input /></Form.Item>
        </>
      );
      break;
    case 'supervise': case 'list': case 'unlist':
      fields = <Form.Item name="note" label={action === 'supervise' ? t('督办意见') : action === 'list' ? t('挂牌督办说明') : t('摘牌说明')} rules={required('请填写说明')}><Input.TextArea rows={3} autoFocus /></Form.Item>;
      break;
    default:
      fields = <Form.Item name="note" label={t('备注')}><Input.TextArea rows={2} autoFocus /></Form.Item>;
  }

  return (
    <Modal
      open
      title={`${actionLabel(action, locale)} · ${order.code}`}
      onCancel={onClose}
      onOk={submit}
      okText={replyWarned ? t('仍然提交') : t('确定')}
      cancelText={t('取消')}
      confirmLoading={busy}
      okButtonProps={{ danger: DANGER.includes(action), id: 'dialog-ok' }}
      destroyOnHidden
      width={action === 'dispatch' || action === 'reply' ? 640 : 520}
      mask={{ closable: false }}
    >
      <div onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        }
      }}>
        <div className="muted" style={{ marginBottom: 8 }}>{order.title}</div>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="dialog-error" />}
        <Form form={form} layout="vertical" initialValues={initial} requiredMark={false} preserve={false} onValuesChange={(changed: Values) => {
          // The lead unit cannot also assist: choosing it as lead takes it out of the assisting units.
          if (changed.leadUnitId !== undefined) {
            const assist = (form.getFieldValue('assistUnitIds') as number[] | undefined) ?? [];
            if (assist.includes(changed.leadUnitId)) form.setFieldsValue({ assistUnitIds: assist.filter((u) => u !== changed.leadUnitId) });
          }
        }}>
          {fields}
        </Form>
        {replyWarned && (
          <Alert
            type="warning" showIcon style={{ marginBottom: 12 }} data-testid="reply-warnings"
            title={t('回复检查提示')}
            description={<>{checked!.warnings.map((w) => <div key={w.code}>{locale === 'en-US' ? w.messageEn : w.message}</div>)}<div className="muted">{t('请修改回复，或点击“仍然提交”')}</div></>}
          />
        )}
        <div className="muted" style={{ fontSize: 12 }}><span className="kbd">Ctrl</span>+<span className="kbd">Enter</span> {t('确定')}</div>
      </div>
    </Modal>
  );
}
