// Open311 GeoReport v2 over our own data. Services are the active leaf categories (service_code =
// category code, group = the top-level category); each has a definition with the attributes an
// app may send (request type, title, confidentiality) and the time limit as information. A posted
// request becomes an ordinary work order of the 'api' channel, waiting for an operator. Our nine
// states map onto the standard's two: open while the loop runs, closed once the order is closed,
// merged into another or has left the centre (withdrawn or handed over).
import { randomBytes } from 'node:crypto';
import { formatShanghai, parseInstant } from '../../domain/calendar.ts';
import { OPEN_STATES, ORDER_STATE_ZH, type Actor, type Order, type OrderState } from '../../domain/order.ts';
import { REQUEST_TYPES, REQUEST_TYPE_ZH, type RequestType } from '../../domain/types.ts';
import type { AppContext } from '../../app/context.ts';
import { toFieldErrors } from '../../domain/fields.ts';
import { INTAKE_LIMITS, IntakeSchema, titleFrom } from '../../domain/intake.ts';
import { categoryPath, findLimits } from '../../domain/rules.ts';
import { accept } from '../../operations/accept.ts';
import { asSystem } from '../../operations/as.ts';
import { create } from '../../operations/executor.ts';
import { byCode, type Catalog, type Category } from '../../domain/catalog.ts';
import { getCatalog } from '../../store/catalog.ts';
import { codeOfToken, insertOpen311Request, requestByCode, requestConditions, requestRows, type RequestFilter, type RequestRow } from '../../store/open311.ts';
import { docToOrder } from '../../store/orders.ts';
import type { Client } from './keys.ts';
import { fail, Open311Failure, type Open311Error } from './format.ts';

export const CLOSED_STATES: readonly OrderState[] = ['closed', 'merged', 'withdrawn'];
const open311Status = (s: OrderState): 'open' | 'closed' => (OPEN_STATES.includes(s) ? 'open' : 'closed');

// ---- services --------------------------------------------------------------------------------------

function leaves(catalog: Catalog): Category[] {
  const parents = new Set([...catalog.categories.values()].filter((c) => c.active).map((c) => c.parentId));
  return [...catalog.categories.values()].filter((c) => c.active && !parents.has(c.id)).sort((a, b) => a.code.localeCompare(b.code));
}

function pathOf(catalog: Catalog, c: Category): Category[] {
  return categoryPath(catalog, c.id).reverse().map((id) => catalog.categories.get(id)!).filter(Boolean);
}

export function serviceList(catalog: Catalog) {
  return leaves(catalog).map((c) => {
    const path = pathOf(catalog, c);
    return {
      service_code: c.code,
      service_name: c.name,
      description: path.map((p) => p.name).join(' / '),
      metadata: true,
      type: 'realtime' as const,
      keywords: path.slice(0, -1).map((p) => p.name).join(','),
      group: path[0]?.name ?? c.name,
    };
  });
}

export function findService(catalog: Catalog, code: string): Category | null {
  return byCode(catalog.categories, code) ?? null;
}

const BOOL_VALUES = [{ key: 'true', name: '是 yes' }, { key: 'false', name: '否 no' }];

export function serviceDefinition(catalog: Catalog, c: Category) {
  const handle = findLimits({ requestType: 'complaint', categoryId: c.id, grade: 1, emergency: false }, catalog)?.handle;
  const limit = handle ? `${handle.value}${handle.unit === 'workdays' ? ' 个工作日 working days' : ' 小时 hours'}` : null;
  return {
    service_code: c.code,
    attributes: [
      {
        variable: true, code: 'request_type', datatype: 'singlevaluelist', required: false, order: 1,
        datatype_description: '默认 complaint（投诉） / defaults to complaint',
        description: '诉求类型 Request type',
        values: REQUEST_TYPES.filter((t) => t !== 'other').map((t) => ({ key: t, name: `${REQUEST_TYPE_ZH[t]} ${t}` })),
      },
      {
        variable: true, code: 'title', datatype: 'string', required: false, order: 2,
        datatype_description: '最多 100 字；不填则取诉求内容开头 / at most 100 characters; the start of the description when missing',
        description: '标题 Title',
      },
      {
        variable: true, code: 'confidential', datatype: 'singlevaluelist', required: false, order: 3,
        datatype_description: null, description: '是否要求为来电人保密 Keep the caller confidential', values: BOOL_VALUES,
      },
      ...(limit ? [{
        variable: false, code: 'time_limit', datatype: 'text', required: false, order: 4, datatype_description: null,
        description: `受理后派至承办单位，办理时限一般为 ${limit} / handled by the responsible unit within ${limit} after dispatch`,
      }] : []),
    ],
  };
}

// ---- posting a request -------------------------------------------------------------------------

export interface PostParams {
  service_code?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  address_id?: string;
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
  attribute: Record<string, string>;
}

/** The Open311 parameter each field of the intake contract comes from. */
const PARAM_OF: Record<string, string> = {
  title: 'attribute[title]', description: 'description', 'caller.name': 'first_name', 'caller.phone': 'phone', 'place.address': 'address_string',
  'place.lat': 'lat', 'place.lng': 'long',
};

/**
 * Post a request. `retryKey` (the client's Idempotency-Key header) makes a retry return the first
 * order and its token instead of a second order: the order carries the key, and the token row is
 * written once, by whichever attempt gets there first.
 */
export async function postRequest(app: AppContext, client: Client, p: PostParams, retryKey: string | null = null) {
  const catalog = await getCatalog(app.db);
  const errors: Open311Error[] = [];
  const bad = (zh: string, en: string) => errors.push({ code: 400, description: `${zh} / ${en}` });
  const service = p.service_code ? findService(catalog, p.service_code) : null;
  if (!p.service_code) bad('缺少 service_code', 'service_code is required');
  else if (!service) bad(`没有这个 service_code：${p.service_code}`, `No such service_code: ${p.service_code}`);
  const num = (v: string | undefined, min: number, max: number, name: string) => {
    if (v === undefined || v === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) {
      bad(`${name} 须为 ${min} 到 ${max} 之间的数`, `${name} must be a number between ${min} and ${max}`);
      return null;
    }
    return n;
  };
  const lat = num(p.lat, -90, 90, 'lat');
  const lng = num(p.long, -180, 180, 'long');
  if ((p.lat && !p.long) || (!p.lat && p.long)) bad('lat 与 long 须同时提供', 'lat and long go together');
  const address = p.address_string?.trim() || null;
  if ((lat === null || lng === null) && !address && !p.address_id) bad('须提供位置：lat 与 long、address_string 或 address_id', 'A location is required: lat & long, address_string or address_id');
  const description = p.description?.trim() ?? '';
  const phone = p.phone?.replace(/[\s()+]/g, '') || null;
  if (p.media_url && !/^https?:\/\/\S{1,500}$/.test(p.media_url)) bad('media_url 须为 http(s) 地址', 'media_url must be an http(s) URL');
  const attr = p.attribute;
  const requestType = (attr.request_type ?? 'complaint') as RequestType;
  const typeOk = REQUEST_TYPES.includes(requestType) && requestType !== 'other';
  if (!typeOk) bad(`attribute[request_type] 须为 ${REQUEST_TYPES.filter((t) => t !== 'other').join('、')} 之一`, `attribute[request_type] must be one of ${REQUEST_TYPES.filter((t) => t !== 'other').join(', ')}`);
  if (attr.confidential !== undefined && !['true', 'false'].includes(attr.confidential)) bad('attribute[confidential] 须为 true 或 false', 'attribute[confidential] must be true or false');
  const title = attr.title?.trim() || null;
  const known = new Set(['request_type', 'title', 'confidential']);
  for (const k of Object.keys(attr)) if (!known.has(k)) bad(`不认识的属性：${k}`, `Unknown attribute: ${k}`);
  if (!description && !title && !service) bad('缺少 description', 'description is required');

  // What the request becomes, checked by the intake contract like every other channel's.
  const name = [p.last_name, p.first_name].map((x) => x?.trim()).filter(Boolean).join('') || null;
  const text = description || title || service?.name || '';
  const fresh = randomBytes(12).toString('base64url');
  const externalRef: Record<string, string> = { open311Token: fresh, open311Client: client.name };
  for (const k of ['email', 'device_id', 'account_id', 'media_url', 'address_id'] as const) {
    const v = p[k]?.trim();
    if (v) externalRef[`open311_${k}`] = v.slice(0, 500);
  }
  const intake = IntakeSchema.safeParse({
    channel: 'api', requestType: typeOk ? requestType : 'complaint', categoryId: service?.id ?? null, grade: 1, emergency: false,
    title: title ?? titleFrom(text), description: text,
    caller: { name: name?.slice(0, INTAKE_LIMITS.callerName) ?? null, phone, anonymous: !phone, confidential: attr.confidential === 'true' },
    place: { territoryId: null, address, lng, lat }, externalRef, attachmentIds: [], trackSecret: null,
  }, { reportInput: true });
  if (!intake.success) {
    for (const f of toFieldErrors(intake.error.issues)) bad(`${PARAM_OF[f.field] ?? f.field}：${f.message}`, `${PARAM_OF[f.field] ?? f.field}: ${f.messageEn}`);
  }
  if (errors.length || !intake.success) throw new Open311Failure(400, errors);

  const r = await create(app, accept, { ...intake.data, answer: null, register: false }, asSystem(`Open311：${client.name}`), {
    key: retryKey ? `open311:${client.keyId ?? 'env'}:${retryKey}` : `open311:${fresh}`,
  });
  // The order carries its token, so a retry (same key: the first order) writes the same token row,
  // or finds it written: a failure between the two writes leaves nothing a retry cannot finish.
  const token = r.order.externalRef?.open311Token ?? fresh;
  await insertOpen311Request(app.db, { orderId: r.order.id, token, apiKeyId: client.keyId, client: client.name, attributes: attr, at: app.clock.now() });
  return [{ service_request_id: r.order.code, token, service_notice: noticeOf(r.order), account_id: p.account_id ?? null }];
}

function noticeOf(o: Order): string {
  return o.limits && o.handleDue
    ? `已派单，办理时限至 ${formatShanghai(o.handleDue)} / dispatched, due by ${formatShanghai(o.handleDue)}`
    : '已受理，待分派至承办单位 / received, to be dispatched to the responsible unit';
}

// ---- reading requests ---------------------------------------------------------------------------

function statusNotes(o: Order, r: RequestRow): string | null {
  const d = r.note_data ?? {};
  if (o.state === 'merged') return `已合并为重复件${r.master_code ? `，主工单 ${r.master_code}` : ''} / merged as a duplicate${r.master_code ? ` of ${r.master_code}` : ''}`;
  if (o.state === 'withdrawn') {
    if (r.note_type === 'handed_over') return d.to === 'police_110' ? '已移交 110 处理 / handed over to the police (110)' : '已退回上级中心 / returned to the higher-level centre';
    return '已撤回 / withdrawn';
  }
  if (['replied', 'called_back', 'closed'].includes(o.state)) {
    if (r.note_type === 'replied') return String(d.result ?? '');
    if (r.note_type === 'answered') return String(d.answer ?? '');
  }
  return ORDER_STATE_ZH[o.state];
}

/** One order as an Open311 request. Without a key, the public subset: no description (the title stands for it), no location. */
function toRequest(catalog: Catalog, r: RequestRow, full: boolean) {
  const o = docToOrder(r.doc);
  const c = o.categoryId === null ? undefined : catalog.categories.get(o.categoryId);
  const t = o.place.territoryId === null ? undefined : catalog.territories.get(o.place.territoryId);
  const lead = o.leadUnitId === null ? undefined : catalog.units.get(o.leadUnitId);
  const ref = o.externalRef ?? {};
  const closed = open311Status(o.state) === 'closed';
  return {
    service_request_id: o.code,
    status: open311Status(o.state),
    status_notes: statusNotes(o, r),
    service_name: c?.name ?? null,
    service_code: c?.code ?? '',
    description: full ? o.description.slice(0, 4000) : o.title,
    agency_responsible: lead?.name ?? null,
    service_notice: o.limits ? `办理时限 ${o.limits.handle.value}${o.limits.handle.unit === 'workdays' ? ' 个工作日' : ' 小时'} / time limit ${o.limits.handle.value} ${o.limits.handle.unit === 'workdays' ? 'working days' : 'hours'}` : null,
    requested_datetime: formatShanghai(o.acceptedAt),
    updated_datetime: formatShanghai(closed ? (o.closedAt ?? r.updated_at) : r.updated_at),
    expected_datetime: closed || !o.handleDue ? null : formatShanghai(o.handleDue),
    address: full ? o.place.address : null,
    address_id: full ? (t?.code ?? ref.open311_address_id ?? null) : null,
    zipcode: null,
    lat: full ? o.place.lat : null,
    long: full ? o.place.lng : null,
    media_url: ref.open311_media_url ?? null,
  };
}

export interface RequestQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  page_size?: string;
  page?: string;
}

const DAY = 86_400_000;
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export async function queryRequests(app: AppContext, q: RequestQuery, full: boolean) {
  const catalog = await getCatalog(app.db);
  const errors: Open311Error[] = [];
  const bad = (zh: string, en: string) => errors.push({ code: 400, description: `${zh} / ${en}` });
  const filter: RequestFilter = {};
  const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  let limit = 1000;
  let offset = 0;
  const ids = list(q.service_request_id);
  if (ids.length) {
    // The standard: with service_request_id, the other filters do not apply.
    if (ids.length > 1000) bad('service_request_id 一次最多 1000 个', 'At most 1000 service_request_id at once');
    filter.codes = ids;
  } else {
    const codes = list(q.service_code);
    if (codes.length) {
      const unknown = codes.filter((c) => !findService(catalog, c));
      if (unknown.length) bad(`没有这个 service_code：${unknown.join(',')}`, `No such service_code: ${unknown.join(',')}`);
      filter.serviceCodes = codes;
    }
    const date = (s: string | undefined, name: string) => {
      if (s === undefined || s === '') return null;
      // W3C requires the offset; parseInstant reads it (written +hh:mm, also taken as +hhmm) and refuses impossible dates.
      const d = W3C.test(s) ? parseInstant(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : null;
      if (!d) {
        bad(`${name} 须为 W3C 日期时间，如 2026-01-01T00:00:00+08:00`, `${name} must be a W3C date-time, e.g. 2026-01-01T00:00:00Z`);
        return null;
      }
      return d;
    };
    const s = date(q.start_date, 'start_date');
    const e = date(q.end_date, 'end_date');
    const now = app.clock.now();
    const end = e ?? (s ? new Date(Math.min(s.getTime() + 90 * DAY, now.getTime())) : now);
    const start = s ?? new Date(end.getTime() - 90 * DAY);
    if (s && e && e < s) bad('end_date 早于 start_date', 'end_date is before start_date');
    if (s && e && e.getTime() - s.getTime() > 90 * DAY) bad('start_date 与 end_date 之间不能超过 90 天', 'start_date and end_date may not span more than 90 days');
    filter.from = start;
    filter.to = end;
    const statuses = list(q.status);
    const badStatus = statuses.filter((x) => x !== 'open' && x !== 'closed');
    if (badStatus.length) bad('status 须为 open 或 closed', 'status must be open or closed');
    else if (statuses.length === 1) filter.states = statuses[0] === 'open' ? OPEN_STATES : CLOSED_STATES;
    if (q.page_size !== undefined) {
      limit = Number(q.page_size);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) bad('page_size 须为 1-1000 的整数', 'page_size must be an integer 1-1000');
    }
    if (q.page !== undefined) {
      const page = Number(q.page);
      if (!Number.isInteger(page) || page < 1) bad('page 须为正整数', 'page must be a positive integer');
      else offset = (page - 1) * limit;
    }
  }
  if (errors.length) throw new Open311Failure(400, errors);
  const rows = await requestRows(app.db, requestConditions(filter), { limit, offset });
  return rows.map((r) => toRequest(catalog, r, full));
}

export async function oneRequest(app: AppContext, code: string, full: boolean) {
  const catalog = await getCatalog(app.db);
  const r = await requestByCode(app.db, code);
  if (!r) throw fail(404, `没有这个服务请求：${code}`, `Service request not found: ${code}`);
  return [toRequest(catalog, r, full)];
}

export async function byToken(app: AppContext, token: string) {
  const code = await codeOfToken(app.db, token);
  if (code === null) throw fail(404, `没有这个 token：${token}`, `No service request with token ${token}`);
  return [{ service_request_id: code, token }];
}

const jurisdictionMismatch = (id: string) => fail(404, `没有这个辖区：${id}`, `Jurisdiction not found: ${id}`);

export function checkJurisdiction(id: string | undefined) {
  const ours = process.env.OPEN311_JURISDICTION_ID;
  if (id && ours && id !== ours) throw jurisdictionMismatch(id);
}

