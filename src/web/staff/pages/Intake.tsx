// 受理台: the operator's one screen, keyboard first. The Tab order follows a call (phone, caller,
// what kind of request, category, place, title, description, answer); Ctrl+S saves and opens the
// case, Ctrl+Enter answers at once and closes, Alt+E marks an emergency, Alt+K jumps to the
// knowledge base, Alt+N starts the next call. Typing the phone shows the caller's earlier orders;
// the description (and the place) bring the platform's suggestions (POST /api/intake/suggest): a
// category, similar open orders nearby, knowledge; the category brings the routing rule's unit;
// the knowledge panel searches the knowledge base (GET /api/intake/search) as the call goes.
// Every keystroke is kept as a draft in localStorage, so a failed save (or a closed tab) loses
// nothing, and the draft's idempotency key makes a retried save record the call once.
import { INTAKE_LIMITS as L, PHONE_RE } from '../../../domain/limits.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert, App, Badge, Button, Card, Checkbox, Col, Empty, Form, Input, Modal, Radio, Row, Select, Space, Switch, Tag, Tooltip, Typography,
} from 'antd';
import { BulbOutlined, HistoryOutlined, SearchOutlined, WarningOutlined } from '@ant-design/icons';
import * as api from '../../shared/api.ts';
import { useAsync, useDebounced, useLoadError } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { channelLabel, CHANNELS, REQUEST_TYPES, stateLabel, STATE_COLOUR, typeLabel } from '../../shared/labels.ts';
import { fmtTime, useNow } from '../../shared/time.tsx';
import { fullName } from '../../shared/trees.ts';
import { CategoryPicker, TerritoryPicker } from '../components/Pickers.tsx';
import { useRuleUnit } from '../components/useRuleUnit.ts';
import { OPEN_STATES } from '../../../domain/order.ts';
import type { Channel, RequestType } from '../../../domain/types.ts';

interface Values {
  phone?: string;
  name?: string;
  anonymous: boolean;
  confidential: boolean;
  requestType: RequestType;
  channel: Channel;
  emergency: boolean;
  grade: number;
  categoryId?: number | null;
  territoryId?: number | null;
  address?: string;
  title?: string;
  description?: string;
  answer?: string;
}

interface Draft {
  values: Partial<Values>;
  key: string;
  articleId: number | null;
  mergeInto: number | null;
  startedAt: number | null;
}

const DRAFT = 'minsheng.intake.draft';
const EMPTY: Values = { anonymous: false, confidential: false, requestType: 'complaint', channel: 'phone', emergency: false, grade: 1 };
/** Server field paths → form fields. */
const FIELD: Record<string, keyof Values> = {
  'caller.phone': 'phone', 'caller.name': 'name', 'place.territoryId': 'territoryId', 'place.address': 'address', 'answer.text': 'answer',
  title: 'title', description: 'description', categoryId: 'categoryId', requestType: 'requestType', channel: 'channel', grade: 'grade',
};

function loadDraft(): Draft | null {
  try {
    const d = JSON.parse(localStorage.getItem(DRAFT) ?? 'null') as Draft | null;
    return d && typeof d.key === 'string' ? d : null;
  } catch {
    return null;
  }
}
function saveDraft(d: Draft) {
  try {
    localStorage.setItem(DRAFT, JSON.stringify(d));
  } catch {
    // storage full or disabled: the form still holds the call
  }
}
const isBlank = (v: Partial<Values>) => !v.phone && !v.name && !v.title && !v.description && !v.answer && !v.categoryId && !v.territoryId && !v.address;

/** Ctrl+S registers the case; Ctrl+Enter answers at once and closes it. */
type Mode = 'register' | 'answer';

interface Saved {
  code: string;
  id: number;
  state: string;
  trackSecret: string | null;
  merged: string | null;
  mergeError: string | null;
}

export default function Intake() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const draft0 = useMemo(loadDraft, []);
  const [key, setKey] = useState(draft0?.key ?? api.newKey());
  const [articleId, setArticleId] = useState<number | null>(draft0?.articleId ?? null);
  const [mergeInto, setMergeInto] = useState<number | null>(draft0?.mergeInto ?? null);
  const [startedAt, setStartedAt] = useState<number | null>(draft0?.startedAt ?? null);
  const [saving, setSaving] = useState<false | Mode>(false);
  /** The last save's failure, with its mode: the retry saves the same way. */
  const [saveError, setSaveError] = useState<{ text: string; mode: Mode } | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [restored, setRestored] = useState(false);
  const [categoryTouched, setCategoryTouched] = useState(false);
  const [kbQuery, setKbQuery] = useState('');
  const [kbTouched, setKbTouched] = useState(false);
  const kbRef = useRef<HTMLInputElement | null>(null);
  const catalog = useAsync(() => Promise.all([api.categories(), api.territories()]), []);

  // Restore a draft left by a failed save or a closed tab.
  useEffect(() => {
    if (draft0 && !isBlank(draft0.values)) {
      form.setFieldsValue({ ...EMPTY, ...draft0.values });
      setRestored(true);
    }
    focusField('intake-phone');
  }, [draft0, form]);

  const persist = useCallback((patch: Partial<Draft> = {}) => {
    saveDraft({ values: form.getFieldsValue(true) as Values, key, articleId, mergeInto, startedAt, ...patch });
  }, [form, key, articleId, mergeInto, startedAt]);
  useEffect(() => persist(), [persist]);

  const phone = Form.useWatch('phone', form);
  const categoryId = Form.useWatch('categoryId', form) ?? null;
  const territoryId = Form.useWatch('territoryId', form) ?? null;
  const title = Form.useWatch('title', form) ?? '';
  const description = Form.useWatch('description', form) ?? '';
  const emergency = Form.useWatch('emergency', form);

  // ---- the caller's earlier orders, as soon as the number is complete ----
  const phoneDeb = useDebounced((phone ?? '').trim(), 250);
  const history = useAsync(() => (PHONE_RE.test(phoneDeb) && phoneDeb.length >= 7 ? api.listOrders({ phone: phoneDeb, pageSize: 10 }) : Promise.resolve(null)), [phoneDeb]);

  // ---- suggestions from the text and the place: category, similar open orders, knowledge ----
  const text = useDebounced(`${title.trim()}\n${description.trim()}`, 600);
  const placeDeb = useDebounced(territoryId, 300);
  const sugg = useAsync(() => {
    const [t0 = '', ...rest] = text.split('\n');
    const d = rest.join('\n');
    return d ? api.suggest({ title: t0, description: d, territoryId: placeDeb }) : Promise.resolve(null);
  }, [text, placeDeb]);
  const suggested = sugg.data?.category ?? null;
  useEffect(() => {
    // Pre-fill the platform's category while the operator has not chosen one.
    if (suggested && !categoryTouched && !form.getFieldValue('categoryId')) {
      form.setFieldsValue({ categoryId: suggested.id });
      if (!form.getFieldValue('title')) form.setFieldsValue({ title: suggested.name });
    }
  }, [suggested, categoryTouched, form]);

  // ---- the unit: the suggestion's routing (for its category), else the rule for the chosen one ----
  const ruleUnit = useRuleUnit();
  const unit = categoryId === null ? null
    : suggested?.id === categoryId && sugg.data?.unit ? sugg.data.unit.leadUnit : ruleUnit(categoryId, territoryId);

  // ---- knowledge base: the operator's query, else the category and the title ----
  const categoryName = fullName(catalog.data?.[0] ?? [], categoryId).split(' / ').at(-1) ?? '';
  const autoQuery = [...new Set([categoryName, title.trim()].filter(Boolean))].join(' ');
  const kbDeb = useDebounced((kbTouched ? kbQuery : autoQuery).trim(), 350);
  const kb = useAsync(async () => ({ q: kbDeb, items: await api.knowledgeSearch(kbDeb, 'article', 6) }), [kbDeb]);
  const kbItems = useMemo(() => {
    const found = kb.data?.q === kbDeb ? kb.data.items : [];
    // A query typed by the operator shows its own hits; otherwise the suggestions come first.
    const fromText = kbTouched ? [] : (sugg.data?.knowledge ?? []).filter((a) => a.kind === 'article');
    const seen = new Set<number>();
    return [...fromText, ...found].filter((a) => !seen.has(a.id) && seen.add(a.id)).slice(0, 6);
  }, [kb.data, kbDeb, kbTouched, sugg.data]);
  useLoadError(catalog, history, sugg, kb);

  // ---- the call timer (from the first keystroke) ----
  const now = useNow();
  const elapsed = startedAt ? Math.floor((now - startedAt) / 1000) : 0;

  const reset = useCallback(() => {
    form.resetFields();
    form.setFieldsValue(EMPTY);
    const k = api.newKey();
    setKey(k);
    setArticleId(null);
    setMergeInto(null);
    setStartedAt(null);
    setSaveError(null);
    setSaved(null);
    setRestored(false);
    setCategoryTouched(false);
    setKbTouched(false);
    setKbQuery('');
    try {
      localStorage.removeItem(DRAFT);
    } catch {
      // nothing kept
    }
    setTimeout(() => focusField('intake-phone'), 0);
  }, [form]);

  const save = useCallback(async (mode: Mode) => {
    if (saving || saved) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { focus: true });
      return;
    }
    if (mode === 'answer' && !v.answer?.trim()) {
      form.setFields([{ name: 'answer', errors: [t('即时答复须填写答复内容（可从右侧知识库引用）')] }]);
      focusField('intake-answer');
      return;
    }
    const anonymous = v.anonymous || !v.phone?.trim();
    const body: api.AcceptInput = {
      channel: v.channel, requestType: v.requestType, categoryId: v.categoryId ?? null, grade: v.grade, emergency: v.emergency,
      title: v.title!.trim(), description: v.description!.trim(),
      caller: { name: v.name?.trim() || null, phone: v.phone?.trim() || null, anonymous, confidential: v.confidential },
      place: { territoryId: v.territoryId ?? null, address: v.address?.trim() || null },
      ...(mode === 'answer' ? { answer: { text: v.answer!.trim(), knowledgeArticleId: articleId } } : { register: true }),
    };
    setSaving(mode);
    setSaveError(null);
    try {
      const r = await api.acceptOrder(body, key);
      let merged: string | null = null;
      let mergeError: string | null = null;
      if (mergeInto && mode === 'register') {
        try {
          const m = await api.step(r.id, 'merge', { masterId: mergeInto, note: t('受理时识别为重复件') });
          merged = m.masterId ? String(m.masterId) : null;
        } catch (e) {
          mergeError = api.errorText(e);
        }
      }
      try {
        localStorage.removeItem(DRAFT);
      } catch {
        // nothing kept
      }
      setSaved({ code: r.code, id: r.id, state: r.state, trackSecret: r.trackSecret, merged, mergeError });
    } catch (e) {
      const err = e instanceof api.ApiError ? e : null;
      setSaveError({ text: api.errorText(e), mode });
      if (err?.fields.length) {
        form.setFields(err.fields.flatMap((f) => {
          const name = FIELD[f.field];
          return name ? [{ name, errors: [locale === 'en-US' ? f.messageEn : f.message] }] : [];
        }));
      }
      persist();
    } finally {
      setSaving(false);
    }
  }, [saving, saved, form, t, articleId, key, mergeInto, locale, persist]);

  // ---- shortcuts ----
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (saved) {
        // The case code is read back; Enter (or Alt+N) takes the next call.
        if (e.key === 'Enter' || (e.altKey && e.code === 'KeyN')) {
          e.preventDefault();
          reset();
        }
        return;
      }
      const ctrl = e.ctrlKey || e.metaKey;
      if (ctrl && !e.altKey && (e.key === 's' || e.key === 'S')) {
        e.preventDefault();
        void save('register');
      } else if (ctrl && e.key === 'Enter') {
        e.preventDefault();
        void save('answer');
      } else if (e.altKey && !ctrl && e.code === 'KeyE') {
        e.preventDefault();
        form.setFieldsValue({ emergency: !form.getFieldValue('emergency') });
        persist();
      } else if (e.altKey && !ctrl && e.code === 'KeyK') {
        e.preventDefault();
        kbRef.current?.focus();
      } else if (e.altKey && !ctrl && e.code === 'KeyN') {
        e.preventDefault();
        reset();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [save, saved, form, reset, persist]);

  useEffect(() => {
    if (saved) focusField('next-call', 120);
  }, [saved]);

  const useArticle = async (a: api.KnowledgeHit) => {
    let body: string;
    try {
      body = await api.articleBody(a);
    } catch (e) {
      message.error(api.errorText(e));
      return;
    }
    form.setFieldsValue({ answer: body });
    form.setFields([{ name: 'answer', errors: [] }]);
    setArticleId(a.id);
    persist({ articleId: a.id });
    focusField('intake-answer');
  };

  const historyItems = history.data?.items ?? [];
  const openHistory = historyItems.filter((o) => OPEN_STATES.includes(o.state));
  const duplicates = sugg.data?.duplicates ?? [];

  return (
    <div className="page">
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} className="page-title" style={{ margin: 0 }}>{t('受理台')}</Typography.Title>
        <div className="shortcuts" data-testid="shortcuts">
          <span><span className="kbd">Ctrl</span>+<span className="kbd">S</span> {t('保存立案')}</span>
          <span><span className="kbd">Ctrl</span>+<span className="kbd">Enter</span> {t('即时答复办结')}</span>
          <span><span className="kbd">Alt</span>+<span className="kbd">E</span> {t('紧急')}</span>
          <span><span className="kbd">Alt</span>+<span className="kbd">K</span> {t('知识库')}</span>
          <span><span className="kbd">Alt</span>+<span className="kbd">N</span> {t('新来电')}</span>
          <Tag color={elapsed > 60 ? 'orange' : 'blue'} className="deadline-tag" data-testid="call-timer">{t('通话')} {String(Math.floor(elapsed / 60)).padStart(2, '0')}:{String(elapsed % 60).padStart(2, '0')}</Tag>
        </div>
      </Space>
      {restored && <Alert type="info" showIcon closable title={t('已恢复上次未保存的受理内容')} style={{ marginBottom: 8 }} data-testid="draft-restored" />}
      {saveError && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid="save-error"
          title={t('保存失败，已填写的内容已保留：{e}', { e: saveError.text })}
          action={<Button size="small" onClick={() => void save(saveError.mode)}>{t('重试')}</Button>} />
      )}
      <Row gutter={12}>
        <Col xs={24} lg={15}>
          <Card size="small" style={emergency ? { borderColor: '#ff4d4f', boxShadow: '0 0 0 1px #ff4d4f' } : undefined}>
            <Form<Values>
              form={form}
              layout="vertical"
              initialValues={EMPTY}
              requiredMark
              onValuesChange={() => {
                if (!startedAt) setStartedAt(Date.now());
                setSaveError(null);
                persist({ startedAt: startedAt ?? Date.now() });
              }}
            >
              <Row gutter={8}>
                <Col span={7}>
                  <Form.Item name="phone" label={t('来电号码')} rules={[
                    ({ getFieldValue }) => ({
                      validator: (_, v?: string) => {
                        if (!v?.trim()) return getFieldValue('anonymous') ? Promise.resolve() : Promise.reject(new Error(t('请填写来电号码，或勾选匿名')));
                        return PHONE_RE.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('号码格式不正确')));
                      },
                    }),
                  ]}>
                    <Input id="intake-phone" inputMode="tel" maxLength={20} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name="name" label={t('来电人')}><Input id="intake-name" maxLength={L.callerName} autoComplete="off" /></Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label={t('来电人意愿')}>
                    <Space>
                      <Form.Item name="anonymous" valuePropName="checked" noStyle><Checkbox id="intake-anonymous">{t('匿名')}</Checkbox></Form.Item>
                      <Form.Item name="confidential" valuePropName="checked" noStyle><Checkbox id="intake-confidential">{t('保密')}</Checkbox></Form.Item>
                    </Space>
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={8}>
                <Col span={7}>
                  <Form.Item name="requestType" label={t('诉求类型')} rules={[{ required: true }]}>
                    <Select id="intake-type" showSearch={{ optionFilterProp: 'label' }} options={REQUEST_TYPES.map((x) => ({ value: x, label: typeLabel(x, locale) }))} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="channel" label={t('渠道')}>
                    <Select id="intake-channel" showSearch={{ optionFilterProp: 'label' }} options={CHANNELS.map((x) => ({ value: x, label: channelLabel(x, locale) }))} />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name="emergency" label={<span>{t('紧急')} <span className="kbd">Alt+E</span></span>} valuePropName="checked">
                    <Switch id="intake-emergency" checkedChildren={t('紧急')} unCheckedChildren={t('一般')} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="grade" label={t('等级')}>
                    <Select id="intake-grade" options={[1, 2, 3, 4].map((g) => ({ value: g, label: t('{n} 级', { n: g }) }))} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="categoryId"
                label={
                  <Space size={4}>
                    {t('诉求分类')}
                    {suggested && suggested.id === categoryId && (
                      <Tag color="geekblue" icon={<BulbOutlined />} data-testid="category-suggested">
                        {t('系统建议')} {Math.round(suggested.confidence * 100)}%
                      </Tag>
                    )}
                  </Space>
                }
                rules={[{ required: true, message: t('请选择诉求分类') }]}
              >
                <CategoryPicker id="intake-category" leafOnly onChange={(v) => {
                  setCategoryTouched(true);
                  form.setFieldsValue({ categoryId: v });
                  if (v && !form.getFieldValue('title')) {
                    const name = catalog.data?.[0].find((c) => c.id === v)?.name;
                    if (name) form.setFieldsValue({ title: name });
                  }
                  persist();
                }} />
              </Form.Item>
              <Row gutter={8}>
                <Col span={12}>
                  <Form.Item name="territoryId" label={t('诉求地点（区域 / 网格）')}>
                    <TerritoryPicker id="intake-territory" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="address" label={t('详细地址')}><Input id="intake-address" maxLength={L.address} autoComplete="off" /></Form.Item>
                </Col>
              </Row>
              <Form.Item name="title" label={t('标题')} rules={[{ required: true, whitespace: true, message: t('请填写标题') }, { max: L.title }]}>
                <Input id="intake-title" maxLength={L.title} autoComplete="off" />
              </Form.Item>
              <Form.Item name="description" label={t('诉求内容')} rules={[{ required: true, whitespace: true, message: t('请填写诉求内容') }, { max: L.description }]}>
                <Input.TextArea id="intake-description" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={L.description} />
              </Form.Item>
              <Form.Item name="answer" label={<span>{t('即时答复内容')} <span className="muted">{t('（可答复的咨询：填写后按 Ctrl+Enter 办结）')}</span></span>}>
                <Input.TextArea id="intake-answer" autoSize={{ minRows: 2, maxRows: 8 }} maxLength={L.answer} onChange={() => setArticleId(null)} />
              </Form.Item>
              <Space wrap>
                <Button type="primary" onClick={() => void save('register')} loading={saving === 'register'} data-testid="save">{t('保存立案')} <span className="muted" style={{ color: 'inherit', opacity: 0.75 }}>Ctrl+S</span></Button>
                <Button onClick={() => void save('answer')} loading={saving === 'answer'} data-testid="answer">{t('即时答复办结')} <span className="muted">Ctrl+Enter</span></Button>
                <Button onClick={reset}>{t('清空')} <span className="muted">Alt+N</span></Button>
                {mergeInto && <Tag color="purple" closable onClose={() => setMergeInto(null)}>{t('保存后将作为重复件合并')}</Tag>}
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" style={{ width: '100%' }} size={8}>
            <Card size="small" title={<span><HistoryOutlined /> {t('来电历史')} {history.data ? <Badge count={history.data.total} showZero color={history.data.total ? '#0b4fa2' : '#bfbfbf'} /> : null}</span>} data-testid="caller-history">
              {!history.data ? <span className="muted">{t('输入来电号码后显示该号码的历史工单')}</span>
                : historyItems.length === 0 ? <span className="muted">{t('该号码没有历史工单')}</span>
                  : (
                    <>
                      {openHistory.length > 0 && <Alert type="warning" showIcon title={t('该来电人有 {n} 件工单正在办理', { n: openHistory.length })} style={{ marginBottom: 6 }} />}
                      {historyItems.map((o) => (
                        <div className="side-item" key={o.id}>
                          <Link to={`/orders/${o.id}`} target="_blank">{o.code}</Link> <Tag color={STATE_COLOUR[o.state]}>{stateLabel(o.state, locale)}</Tag>
                          <span className="muted">{fmtTime(o.acceptedAt)}</span>
                          <div className="title">{o.title}</div>
                        </div>
                      ))}
                    </>
                  )}
            </Card>
            <Card size="small" title={<span><WarningOutlined /> {t('疑似重复件')}</span>} data-testid="duplicates">
              {!sugg.data ? <span className="muted">{t('填写诉求内容后，显示附近相似的在办工单')}</span>
                : duplicates.length === 0 ? <span className="muted">{t('未发现附近相似的在办工单')}</span>
                  : (
                    <Radio.Group className="dup-group" value={mergeInto} onChange={(e) => {
                      setMergeInto(e.target.value as number);
                      persist({ mergeInto: e.target.value as number });
                    }} style={{ width: '100%' }}>
                      {duplicates.map((d) => (
                        <div className="side-item" key={d.orderId}>
                          <Radio value={d.orderId}>{t('合并到')}</Radio>
                          <Link to={`/orders/${d.orderId}`} target="_blank">{d.code}</Link> <Tag color={STATE_COLOUR[d.state]}>{stateLabel(d.state, locale)}</Tag>
                          <div className="title">{d.title}</div>
                          <div className="muted">{d.address ?? d.territory?.name} · {fmtTime(d.acceptedAt)}</div>
                        </div>
                      ))}
                    </Radio.Group>
                  )}
            </Card>
            {unit && (
              <Card size="small" title={<span><BulbOutlined /> {t('建议承办单位')}</span>} data-testid="unit-suggestion">
                <Space wrap>
                  <span>{unit.name}</span>
                  <Tag color="geekblue">{t('按派单规则')}</Tag>
                </Space>
              </Card>
            )}
            <Card size="small" title={<span><SearchOutlined /> {t('知识库')} <span className="kbd">Alt+K</span></span>} data-testid="knowledge">
              <Input.Search
                ref={(r) => {
                  kbRef.current = r?.input ?? null;
                }}
                id="kb-search"
                allowClear
                placeholder={autoQuery || t('输入关键词搜索知识库')}
                value={kbTouched ? kbQuery : undefined}
                onChange={(e) => {
                  setKbTouched(!!e.target.value);
                  setKbQuery(e.target.value);
                }}
                onSearch={(v) => {
                  setKbTouched(!!v);
                  setKbQuery(v);
                }}
              />
              <div style={{ marginTop: 6 }}>
                {kbItems.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有匹配的知识')} />
                  : kbItems.map((a) => (
                    <div className="side-item" key={a.id} data-testid="kb-item">
                      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                        <span className="title">{a.title}</span>
                        <Tooltip title={t('把这条知识填入即时答复内容')}>
                          <Button size="small" type={articleId === a.id ? 'primary' : 'default'} onClick={() => void useArticle(a)} data-testid="kb-use">{t('引用答复')}</Button>
                        </Tooltip>
                      </Space>
                      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true, symbol: t('展开') }} style={{ marginBottom: 0 }}>{a.snippet}</Typography.Paragraph>
                    </div>
                  ))}
              </div>
            </Card>
          </Space>
        </Col>
      </Row>
      <Modal
        open={!!saved}
        title={saved?.state === 'closed' ? t('已即时答复并办结') : t('已受理并立案')}
        onOk={reset}
        onCancel={reset}
        okText={t('下一个来电（Enter）')}
        cancelButtonProps={{ style: { display: 'none' } }}
        okButtonProps={{ id: 'next-call', autoFocus: true }}
        destroyOnHidden
      >
        {saved && (
          <div data-testid="saved">
            <Typography.Paragraph>{t('请向来电人读出工单编号：')}</Typography.Paragraph>
            <div className="case-code" data-testid="case-code">{saved.code}</div>
            {saved.trackSecret && <Typography.Paragraph style={{ textAlign: 'center' }}>{t('查询密码')}：<b data-testid="track-secret">{saved.trackSecret}</b></Typography.Paragraph>}
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
              {saved.state === 'closed' ? t('该诉求已即时答复办结') : t('工单已进入待派单队列')}
              {' · '}<Link to={`/orders/${saved.id}`} target="_blank">{t('查看工单')}</Link>
            </Typography.Paragraph>
            {saved.merged && <Alert type="success" showIcon title={t('已作为重复件合并')} />}
            {saved.mergeError && <Alert type="warning" showIcon title={`${t('合并重复件未成功')}：${saved.mergeError}`} />}
          </div>
        )}
      </Modal>
    </div>
  );
}

function focusField(id: string, delay = 0) {
  setTimeout(() => document.getElementById(id)?.focus(), delay);
}
