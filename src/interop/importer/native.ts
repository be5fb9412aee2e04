// The native profile: the columns of our own export (exporter.ts), so a centre's export, or a
// spreadsheet kept by hand in the same layout, imports as history. Times are Beijing time
// ('2026-03-01 09:30:00') or ISO 8601 with an offset; codes or Chinese names for the vocabularies.
import { ORDER_STATE_ZH, type OrderState } from '../../domain/order.ts';
import { CHANNEL_ZH, CHANNELS, REQUEST_TYPE_ZH, REQUEST_TYPES, SATISFACTION_ZH, SATISFACTIONS, type Channel, type RequestType, type Satisfaction } from '../../domain/types.ts';
import { PHONE_RE } from '../../domain/fields.ts';
import { parseLocalDateTime } from '../time.ts';
import type { Draft } from './history.ts';
import { RowIssues, type Lookup, type Profile, type RowResult } from './profile.ts';

const ZONE = 'Asia/Shanghai';
const CODE = /^\d{8}-\d{5}$/;

function vocab<T extends string>(codes: readonly T[], zh: Record<T, string>, v: string): T | null {
  const s = v.trim();
  return codes.find((c) => c === s || zh[c] === s) ?? null;
}

const IMPORTABLE: OrderState[] = ['accepted', 'pending_dispatch', 'dispatched', 'handling', 'replied', 'closed', 'withdrawn'];

export const nativeProfile: Profile = {
  name: 'minsheng',
  zh: '民声导出格式',
  required: ['受理时间', '诉求类型', '标题', '诉求内容'],
  read(row: number, v: Record<string, string>, l: Lookup): RowResult {
    const x = new RowIssues(row, v);
    const get = (k: string) => (v[k] ?? '').trim();
    const time = (k: string, required = false): Date | null => {
      const s = get(k);
      if (!s) {
        if (required) x.error(k, '必填项', 'Required');
        return null;
      }
      const d = parseLocalDateTime(s, ZONE);
      if (!d) x.error(k, '时间格式不正确，应为 2026-03-01 09:30:00（北京时间）或带时区的 ISO 8601', 'Not a time: use 2026-03-01 09:30:00 (Beijing time) or ISO 8601 with an offset');
      return d;
    };
    const yes = (k: string): boolean | null => {
      const s = get(k);
      if (!s) return null;
      if (['是', 'true', '1', 'Y', 'y', 'yes'].includes(s)) return true;
      if (['否', 'false', '0', 'N', 'n', 'no'].includes(s)) return false;
      x.error(k, '应为“是”或“否”', 'Must be 是 (yes) or 否 (no)');
      return null;
    };
    const num = (k: string, min: number, max: number): number | null => {
      const s = get(k);
      if (!s) return null;
      const n = Number(s);
      if (!Number.isFinite(n) || n < min || n > max) {
        x.error(k, `应为 ${min} 到 ${max} 之间的数`, `Must be a number from ${min} to ${max}`);
        return null;
      }
      return n;
    };

    const acceptedAt = time('受理时间', true);
    const channel: Channel | null = get('渠道') ? vocab(CHANNELS, CHANNEL_ZH, get('渠道')) : 'phone';
    if (!channel) x.error('渠道', `渠道须为：${CHANNELS.map((c) => CHANNEL_ZH[c]).join('、')}`, `Channel must be one of ${CHANNELS.join(', ')}`);
    const requestType: RequestType | null = vocab(REQUEST_TYPES, REQUEST_TYPE_ZH, get('诉求类型'));
    if (!requestType) x.error('诉求类型', `诉求类型须为：${REQUEST_TYPES.map((c) => REQUEST_TYPE_ZH[c]).join('、')}`, `Request type must be one of ${REQUEST_TYPES.join(', ')}`);
    let categoryId: number | null = null;
    if (get('分类编码')) {
      const c = l.category.get(get('分类编码'));
      if (!c) x.error('分类编码', '本中心没有这个分类编码', 'No such category code here');
      else categoryId = c.id;
    }
    const grade = num('等级', 1, 4) ?? 1;
    if (get('等级') && !Number.isInteger(Number(get('等级')))) x.error('等级', '等级须为 1-4 的整数', 'Grade must be an integer 1-4');
    const title = get('标题');
    const description = get('诉求内容');
    if (!title) x.error('标题', '必填项', 'Required');
    else if (title.length > 100) x.error('标题', '标题不能超过 100 字', 'At most 100 characters');
    if (!description) x.error('诉求内容', '必填项', 'Required');
    else if (description.length > 5000) x.error('诉求内容', '诉求内容不能超过 5000 字', 'At most 5000 characters');
    const phone = get('联系电话') || null;
    if (phone && !PHONE_RE.test(phone)) x.error('联系电话', '电话号码格式不正确（手机 11 位，或区号-座机号）', 'Invalid phone number');
    if (phone?.includes('*')) x.error('联系电话', '号码已脱敏，无法导入', 'The number is masked');
    const anonymous = yes('匿名') ?? !phone;
    let territoryId: number | null = null;
    if (get('区域编码')) {
      const t = l.territory.get(get('区域编码'));
      if (!t) x.error('区域编码', '本中心没有这个区域编码', 'No such territory code here');
      else territoryId = t.id;
    }
    const lng = num('经度', -180, 180);
    const lat = num('纬度', -90, 90);

    const unitOf = (k: string, byName: string | null) => {
      const code = get(k);
      if (code) {
        const u = l.unit.get(code);
        if (!u) x.error(k, '本中心没有这个单位编码', 'No such unit code here');
        return u ?? null;
      }
      if (byName) {
        const u = l.unitByName.get(byName);
        if (!u) x.error('主办单位', '本中心没有这个单位', 'No such unit here');
        return u ?? null;
      }
      return null;
    };
    const lead = unitOf('主办单位编码', get('主办单位') || null);
    if (lead && lead.kind === 'centre') x.error('主办单位编码', '主办单位不能是热线中心本身', 'The lead unit cannot be the centre itself');
    const assistUnitIds: number[] = [];
    for (const name of get('协办单位').split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean)) {
      const u = l.unitByName.get(name) ?? l.unit.get(name);
      if (!u) x.error('协办单位', `本中心没有这个单位：${name}`, `No such unit here: ${name}`);
      else if (u.id !== lead?.id) assistUnitIds.push(u.id);
    }
    const dispatchedAt = time('派单时间');
    const handleDue = time('办理时限');
    const signedAt = time('签收时间');
    let repliedAt = time('回复时间');
    const closedAt = time('办结时间');
    const result = get('办理结果') || null;
    let satisfaction: Satisfaction | null = null;
    if (get('回访满意度')) {
      satisfaction = vocab(SATISFACTIONS, SATISFACTION_ZH, get('回访满意度'));
      if (!satisfaction) x.error('回访满意度', '应为满意、基本满意或不满意', 'Must be 满意, 基本满意 or 不满意');
    }
    const solved = yes('是否解决');

    let state: OrderState | null = null;
    if (get('状态')) {
      state = (Object.entries(ORDER_STATE_ZH).find(([k, zh]) => zh === get('状态') || k === get('状态'))?.[0] as OrderState | undefined) ?? null;
      if (!state) x.error('状态', '不认识的状态', 'Unknown state');
      else if (!IMPORTABLE.includes(state)) x.error('状态', `不支持导入“${ORDER_STATE_ZH[state]}”状态的工单`, `Orders in state ${state} cannot be imported`);
    }
    const withdrawn = state === 'withdrawn';
    if (withdrawn && !closedAt) x.error('办结时间', '已撤回的工单须在“办结时间”填写撤回时间', 'A withdrawn order needs its withdrawal time in 办结时间');
    if (lead && closedAt && !withdrawn && !repliedAt) {
      if (result) repliedAt = closedAt;
      else x.error('回复时间', '已派单并办结的工单须有回复时间和办理结果', 'A dispatched and closed order needs its reply time and result');
    }
    if (repliedAt && !result) x.error('办理结果', '有回复时间时须填写办理结果', 'A reply needs its result');
    if (!lead && (dispatchedAt || signedAt)) x.error('主办单位编码', '有派单或签收时间时须有主办单位', 'Dispatch or sign-for times need a lead unit');
    // Without a unit, a reply is the centre's own answer at once: its time is the close.
    if (!lead && repliedAt && !closedAt) x.error('办结时间', '没有主办单位的工单，有回复即为即时办结，须有办结时间', 'Without a lead unit a reply is an answer at once: it needs the close time');
    if (!lead) repliedAt = null;

    // The state the times lead to must be the state the row says.
    const derived: OrderState = withdrawn ? 'withdrawn' : closedAt ? 'closed' : repliedAt ? 'replied' : signedAt ? 'handling' : lead ? 'dispatched' : state === 'pending_dispatch' ? 'pending_dispatch' : 'accepted';
    if (state && state !== derived && !x.errors.length) {
      x.error('状态', `状态与所填时间不符：按时间应为“${ORDER_STATE_ZH[derived]}”`, `The state does not match the times given: they make it ${derived}`);
    }
    const code = get('工单编号') || null;
    if (code && !CODE.test(code)) x.warn('工单编号', '不是本系统的工单编号格式，将另行编号，原编号记入外部编号', 'Not a Minsheng case code: a new code is allotted and this one kept as the external reference');

    if (x.errors.length || !acceptedAt || !channel || !requestType) return { draft: null, errors: x.errors, warnings: x.warnings };
    const draft: Draft = {
      row, source: 'minsheng', sourceId: code, code: code && CODE.test(code) ? code : null, acceptedAt, channel, requestType, categoryId, grade,
      emergency: yes('紧急') ?? false, title, description,
      caller: { name: get('来电人') || null, phone, anonymous, confidential: yes('保密') ?? false },
      place: { territoryId, address: get('地址') || null, lng, lat },
      externalRef: code && !CODE.test(code) ? { importedCode: code } : null,
      leadUnitId: lead?.id ?? null, assistUnitIds, registered: state === 'pending_dispatch', dispatchedAt, handleDue, signedAt, repliedAt,
      result, handlerName: null, closedAt: withdrawn ? null : closedAt, satisfaction, solved, withdrawnAt: withdrawn ? closedAt : null,
      columns: { acceptedAt: '受理时间', dispatchedAt: '派单时间', signedAt: '签收时间', repliedAt: '回复时间', closedAt: '办结时间', withdrawnAt: '办结时间' },
    };
    return { draft, errors: x.errors, warnings: x.warnings };
  },
};
