// One order: what was asked, where, by whom; the full timeline of events (who, when, what, why);
// attachments; related orders (its master and duplicates, the same caller's others); and the
// steps this viewer may take now, exactly as the API lists them.
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Empty, Image, Result, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import * as api from '../../shared/api.ts';
import { useAsync, useLoadError } from '../../shared/hooks.ts';
import { useI18n, type Locale } from '../../shared/i18n.tsx';
import { channelLabel, escalationLabel, eventLabel, roleLabel, satisfactionLabel, stateLabel, STATE_COLOUR, typeLabel } from '../../shared/labels.ts';
import { useLive } from '../../shared/live.ts';
import { DeadlineTag, fmtTime } from '../../shared/time.tsx';
import { translate } from '../../shared/i18n.tsx';
import { ActionButtons } from '../components/ActionDialog.tsx';

type Units = Map<number, string>;

function EventDetail({ e, units, l }: { e: api.EventView; units: Units; l: Locale }) {
  const t = (zh: string, v?: Record<string, string | number>) => translate(zh, v, l);
  const d = e.data as Record<string, unknown>;
  const u = (id: unknown) => (typeof id === 'number' ? units.get(id) ?? `#${id}` : '');
  const lines: React.ReactNode[] = [];
  switch (e.type) {
    case 'accepted':
      lines.push(`${channelLabel(String(d.channel), l)} · ${typeLabel(String(d.requestType), l)}${d.emergency ? ' · ' + t('紧急') : ''}`);
      break;
    case 'answered':
      lines.push(<div className="pre" key="a">{String(d.answer ?? '')}</div>);
      break;
    case 'dispatched': case 'reassigned': {
      lines.push(`${t('主办单位')}：${u(d.leadUnitId)}`);
      const assist = (d.assistUnitIds as number[] | undefined) ?? [];
      if (assist.length) lines.push(`${t('协办单位')}：${assist.map(u).join('、')}`);
      lines.push(`${t('签收时限')} ${fmtTime(d.signForDue as string)} · ${t('办理时限')} ${fmtTime(d.handleDue as string)}`);
      if (d.second) lines.push(<Tag color="volcano" key="s">{t('二次交办')}</Tag>);
      const pn = d.phoneNotice as { calledAt: string; person: string; phone: string; note: string | null } | null;
      if (pn) lines.push(`${t('电话通知')}：${pn.person} ${pn.phone} ${fmtTime(pn.calledAt)}${pn.note ? ' · ' + pn.note : ''}`);
      break;
    }
    case 'sent_down':
      lines.push(`${u(d.fromUnitId)} → ${u(d.toUnitId)}`);
      break;
    case 'returned':
      lines.push(`${u(d.unitId)} → ${d.toUnitId ? u(d.toUnitId) : t('热线中心（待重新派单）')}`);
      break;
    case 'extension_requested':
      lines.push(t('申请延期 {n} 个工作日，至 {due}', { n: Number(d.days), due: fmtTime(d.requestedDue as string) }));
      break;
    case 'extension_approved':
      lines.push(`${t('新的办理时限')} ${fmtTime(d.handleDue as string)}`);
      break;
    case 'replied':
      lines.push(<div className="pre" key="r">{String(d.result ?? '')}</div>);
      if (d.handlerName) lines.push(`${t('经办人')}：${String(d.handlerName)}`);
      break;
    case 'called_back':
      lines.push(d.reached ? `${satisfactionLabel(String(d.satisfaction), l)} · ${d.solved ? t('已解决') : t('未解决')}` : t('未联系上市民'));
      break;
    case 'reopened': case 'deadlines_recomputed':
      lines.push(`${t('办理时限')} ${fmtTime(d.handleDue as string)}`);
      break;
    case 'evaluated':
      lines.push(`${t('评分')} ${String(d.score)}`);
      break;
    case 'merged':
      lines.push(<span key="m">{t('并入主工单')} <Link to={`/orders/${String(d.masterId)}`}>#{String(d.masterId)}</Link></span>);
      break;
    case 'duplicate_linked':
      lines.push(<span key="d">{t('重复件')} <Link to={`/orders/${String(d.duplicateId)}`}>#{String(d.duplicateId)}</Link></span>);
      break;
    case 'escalated':
      lines.push(escalationLabel(String(d.level), l));
      break;
    case 'rated':
      lines.push(satisfactionLabel(String(d.satisfaction), l));
      break;
    default:
      break;
  }
  const showNote = e.note && !['replied', 'answered', 'assist_noted'].includes(e.type);
  return (
    <div>
      {lines.map((x, i) => <div key={i}>{x}</div>)}
      {e.type === 'assist_noted' && <div className="pre">{String(d.text ?? '')}</div>}
      {showNote && <div className="timeline-note">{e.note}</div>}
    </div>
  );
}

function Attachments({ ids }: { ids: number[] }) {
  const { t } = useI18n();
  if (!ids.length) return <span className="muted">{t('无')}</span>;
  return (
    <Image.PreviewGroup>
      <Space wrap>
        {ids.map((id) => <Image key={id} width={96} height={96} style={{ objectFit: 'cover' }} src={api.attachmentUrl(id)} alt={`#${id}`} />)}
      </Space>
    </Image.PreviewGroup>
  );
}

export default function OrderDetail() {
  const { id } = useParams();
  const nav = useNavigate();
  const { t, locale } = useI18n();
  const order = useAsync(() => api.getOrder(id!), [id]);
  const units = useAsync(() => api.units(), []);
  useLive(order.reload, order.data ? [order.data.id] : []);
  const o = order.data;
  const phone = o?.caller.phone && !o.caller.phone.includes('*') ? o.caller.phone : null;
  const sameCaller = useAsync(() => (phone ? api.listOrders({ phone, pageSize: 20 }) : Promise.resolve(null)), [phone]);
  const related = useAsync(async () => {
    if (!o) return [];
    const ids = [...(o.masterId ? [o.masterId] : []), ...o.duplicateIds];
    // An order this viewer may not see answers 404: it is left out; any other failure is reported.
    return Promise.all(ids.map((x) => api.getOrder(x).catch((e: unknown) => {
      if (e instanceof api.ApiError && e.status === 404) return null;
      throw e;
    })));
  }, [o?.masterId, o?.duplicateIds.join(',')]);
  useLoadError(units, sameCaller, related);
  const unitNames: Units = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);

  if (order.error && !o) {
    return <Result status="404" title={api.errorText(order.error)} extra={<Button onClick={() => nav(-1)}>{t('返回')}</Button>} />;
  }
  if (!o) return <div className="page"><Spin /></div>;

  const replyFiles = o.events.flatMap((e) => (e.type === 'replied' ? ((e.data as { attachmentIds?: number[] }).attachmentIds ?? []) : []));
  const others = (sameCaller.data?.items ?? []).filter((x) => x.id !== o.id);
  const lastReply = o.events.filter((e) => e.type === 'replied').at(-1);

  return (
    <div className="page" data-testid="order-detail">
      <Space style={{ marginBottom: 8 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => nav(-1)}>{t('返回')}</Button>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="order-code">{o.code}</Typography.Title>
        <Tag color={STATE_COLOUR[o.state]} data-testid="order-state">{stateLabel(o.state, locale)}</Tag>
        {o.emergency && <Tag color="red">{t('紧急')}</Tag>}
        {o.listed && <Tag color="magenta">{t('挂牌督办')}</Tag>}
        {o.escalation !== 'none' && <Tag color="red">{escalationLabel(o.escalation, locale)}</Tag>}
        {o.caller.confidential && <Tag color="purple">{t('保密')}</Tag>}
        <DeadlineTag order={o} />
      </Space>
      <Card size="small" style={{ marginBottom: 12 }} data-testid="order-actions">
        <Space wrap>
          <span className="muted">{t('可执行操作')}：</span>
          {o.actions.filter((a) => a !== 'rate' && a !== 'requestReopen').length === 0
            ? <span className="muted">{t('当前没有可执行的操作')}</span>
            : <ActionButtons order={o} size="middle" onDone={() => order.reload()} />}
        </Space>
      </Card>
      {o.pendingExtension && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }}
          title={t('延期申请待审批：{n} 个工作日，至 {due}', { n: o.pendingExtension.days, due: fmtTime(o.pendingExtension.requestedDue) })}
          description={o.pendingExtension.reason} />
      )}
      <Row gutter={12}>
        <Col xs={24} xl={15}>
          <Card size="small" title={o.title} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={[
              { key: 'type', label: t('诉求类型'), children: typeLabel(o.requestType, locale) },
              { key: 'channel', label: t('渠道'), children: channelLabel(o.channel, locale) },
              { key: 'grade', label: t('等级'), children: t('{n} 级', { n: o.grade }) },
              { key: 'cat', label: t('诉求分类'), children: o.category?.fullName ?? '—', span: 2 },
              { key: 'acc', label: t('受理时间'), children: fmtTime(o.acceptedAt) },
              { key: 'caller', label: t('来电人'), children: o.caller.anonymous ? t('匿名') : `${o.caller.name ?? ''} ${o.caller.phone ?? ''}` },
              { key: 'place', label: t('诉求地点'), children: `${o.place.territory?.fullName ?? ''} ${o.place.address ?? ''}`.trim() || '—', span: 2 },
              { key: 'lead', label: t('主办单位'), children: o.leadUnit?.name ?? '—' },
              { key: 'assist', label: t('协办单位'), children: o.assistUnits.filter(Boolean).map((u) => u!.name).join('、') || '—' },
              { key: 'holder', label: t('当前承办'), children: o.holderUnit?.name ?? '—' },
              { key: 'disp', label: t('派单时间'), children: fmtTime(o.dispatchedAt) || '—' },
              { key: 'sign', label: t('签收时限'), children: fmtTime(o.signForDue) || '—' },
              { key: 'due', label: t('办理时限'), children: fmtTime(o.handleDue) || '—' },
              { key: 'rep', label: t('回复时间'), children: fmtTime(o.repliedAt) || '—' },
              { key: 'close', label: t('办结时间'), children: fmtTime(o.closedAt) || '—' },
              { key: 'counts', label: t('次数'), children: t('派单{d} 退单{r} 重办{o} 延期{e} 督办{s}', { d: o.counts.dispatch, r: o.counts.return, o: o.counts.reopen, e: o.counts.extension, s: o.counts.supervision }) },
              ...(o.lastCallback ? [{ key: 'cb', label: t('回访结果'), children: `${satisfactionLabel(o.lastCallback.satisfaction, locale)} · ${o.lastCallback.solved ? t('已解决') : t('未解决')}` }] : []),
              ...(o.residentRating ? [{ key: 'rr', label: t('市民评价'), children: satisfactionLabel(o.residentRating.satisfaction, locale) }] : []),
              ...(o.evaluation ? [{ key: 'ev', label: t('综合评价'), children: String(o.evaluation.score) }] : []),
              ...(o.reopenRequested ? [{ key: 'rq', label: t('市民申请重办'), children: <Tag color="orange">{t('是')}</Tag> }] : []),
            ]} />
            <Typography.Title level={5} style={{ marginTop: 12 }}>{t('诉求内容')}</Typography.Title>
            <div className="pre" data-testid="order-description">{o.description}</div>
            {lastReply && (
              <>
                <Typography.Title level={5} style={{ marginTop: 12 }}>{t('办理回复')}</Typography.Title>
                <div className="pre" data-testid="order-reply">{String((lastReply.data as { result?: string }).result ?? '')}</div>
              </>
            )}
          </Card>
          <Card size="small" title={t('附件')} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={1} items={[
              { key: 'req', label: t('诉求附件'), children: <Attachments ids={o.attachmentIds} /> },
              { key: 'rep', label: t('办理材料'), children: <Attachments ids={replyFiles} /> },
            ]} />
          </Card>
          <Card size="small" title={t('相关工单')} style={{ marginBottom: 12 }} data-testid="related">
            {(related.data ?? []).filter(Boolean).length === 0 && others.length === 0 && <span className="muted">{t('无')}</span>}
            {(related.data ?? []).filter((x): x is api.OrderWithEvents => !!x).map((r) => (
              <div className="side-item" key={r.id}>
                <Tag>{r.id === o.masterId ? t('主工单') : t('重复件')}</Tag>
                <Link to={`/orders/${r.id}`}>{r.code}</Link> <Tag color={STATE_COLOUR[r.state]}>{stateLabel(r.state, locale)}</Tag> {r.title}
              </div>
            ))}
            {others.length > 0 && <Typography.Text type="secondary">{t('同一来电人的其他工单')}</Typography.Text>}
            {others.map((r) => (
              <div className="side-item" key={r.id}>
                <Link to={`/orders/${r.id}`}>{r.code}</Link> <Tag color={STATE_COLOUR[r.state]}>{stateLabel(r.state, locale)}</Tag> {r.title} <span className="muted">{fmtTime(r.acceptedAt)}</span>
              </div>
            ))}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('办理过程（{n} 条记录）', { n: o.events.length })} data-testid="timeline">
            {o.events.length === 0 ? <Empty /> : (
              <Timeline
                items={o.events.map((e) => ({
                  key: e.seq,
                  color: ['returned', 'escalated', 'extension_refused', 'reopened'].includes(e.type) ? 'red' : ['closed', 'answered'].includes(e.type) ? 'green' : 'blue',
                  title: <span className="muted">{fmtTime(e.at, true)}</span>,
                  content: (
                    <div data-event={e.type}>
                      <b>{eventLabel(e.type, locale)}</b>{' '}
                      <span className="muted">{e.actor.name}{e.actor.role !== 'system' && e.actor.role !== 'resident' ? ` · ${roleLabel(e.actor.role, locale)}` : ''}{e.actor.unit ? ` · ${e.actor.unit.name}` : ''}</span>
                      <EventDetail e={e} units={unitNames} l={locale} />
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
