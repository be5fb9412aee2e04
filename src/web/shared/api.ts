// Every call the two web apps make to the platform's API, in one place. The staff app is
// authenticated by the HttpOnly session cookie that POST /api/auth/login sets (so the live-updates
// EventSource is too); the portal calls only /api/public/* and the public configuration lists.
//
// The shapes are the server's own types, imported as types only (the bundler erases them): a
// change on the server shows here at compile time. Values come only from src/domain (pure code);
// never from src/app or src/store, which would pull server code into the bundle.
import type { z } from 'zod';
import type { FieldError } from '../../app/errors.ts';
import type { sessionView, User } from '../../app/auth.ts';
import type { Ability } from '../../policy/abilities.ts';
import type { Screen } from '../../policy/desks.ts';
import type { HotIssue } from '../../app/intake/hot.ts';
import type { presentHit, suggestIntake } from '../../app/intake/suggest.ts';
import type { categoryRef, OrderView, presentEvent, presentPublic, territoryRef, unitRef } from '../../app/orders/present.ts';
import type { OrderFilter as ServerOrderFilter } from '../../app/orders/queries.ts';
import type { CalendarDay } from '../../domain/calendar.ts';
import type { Action } from '../../domain/commands.ts';
import type { EscalationPolicy } from '../../domain/escalation.ts';
import type { RoutingRule } from '../../domain/rules.ts';
import type { Limit, Role, Satisfaction, TimeLimitRule } from '../../domain/types.ts';
import type { PublicSubmitBody } from '../../http/schemas/orders.ts';
import type { AcceptInput as AcceptSchema } from '../../operations/accept.ts';
import type { Category, Territory, TreeNode, Unit } from '../../domain/catalog.ts';
import type { ReplyCheck } from '../../text/reply-check.ts';
import { currentLocale } from './i18n.tsx';

// ---- types ---------------------------------------------------------------------------------

export type EventView = ReturnType<typeof presentEvent>;
export type Order = OrderView & { events?: EventView[] };
export type OrderWithEvents = Order & { events: EventView[] };
export type PublicOrder = ReturnType<typeof presentPublic>;
export type { Action, CalendarDay, Category, EscalationPolicy, FieldError, HotIssue, Limit, Role, Satisfaction, Territory, TreeNode, Unit };

/** The logged-in user (GET /api/session, POST /api/auth/login), with what their role may do and the screens of their desk. */
export type SessionUser = ReturnType<typeof sessionView>;
export type { Ability, Screen };
/** A row of GET /api/users. */
export type UserRow = Omit<User, 'unitPath'> & { roleZh: string; active: boolean };

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export type TimeLimitRuleRow = TimeLimitRule & { active: boolean };
export type RoutingRuleRow = RoutingRule;
/** A knowledge-base article as administrators keep it (GET /api/knowledge). */
export interface Article {
  id: number;
  title: string;
  body: string;
  categoryId: number | null;
  active: boolean;
  updatedAt: string;
}
type UnitRef = ReturnType<typeof unitRef>;
/** GET /api/orders/:id/dispatch-preview (src/http/routes/orders.ts). */
export interface DispatchPreview {
  suggestion: { ruleId: number; leadUnit: UnitRef; assistUnits: UnitRef[] } | null;
  limits: { signFor: Limit; handle: Limit };
  signForDue: string | null;
  handleDue: string | null;
}

/** The list filters of GET /api/orders (src/app/orders/queries.ts), as the query string carries them. */
export type OrderFilter = Partial<Omit<ServerOrderFilter, 'state' | 'from' | 'to'>> & {
  state?: readonly string[];
  /** ISO instants. */
  from?: string;
  to?: string;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly fields: FieldError[] = [],
  ) {
    super(zh);
  }
  /** The message in the page's language, with the fields that failed. */
  text(): string {
    const en = currentLocale() === 'en-US';
    const head = en ? this.en : this.zh;
    const f = this.fields.map((x) => (en ? x.messageEn : x.message));
    return f.length ? `${head}：${f.join('；')}` : head;
  }
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.text();
  return currentLocale() === 'en-US' ? 'The network or the server is unavailable; please retry' : '网络或服务器暂时不可用，请重试';
}

// ---- transport -----------------------------------------------------------------------------

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called when any call answers 401: the staff app shows the log-in page. */
export function onUnauthenticated(fn: Listener): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}
/** The session ended elsewhere (the live stream said so): as if a call had answered 401. */
export function sessionEnded(): void {
  unauthenticatedListeners.forEach((f) => f());
}

/** The API's error answer ({error, message, messageEn, fields}) as an ApiError; a 401 shows the log-in page. */
function failure(res: Response, data: unknown, path: string): ApiError {
  const d = (data ?? {}) as { error?: string; message?: string; messageEn?: string; fields?: FieldError[] };
  if (res.status === 401 && !path.startsWith('/api/auth/login')) unauthenticatedListeners.forEach((f) => f());
  return new ApiError(res.status, d.error ?? 'http_' + res.status, d.message ?? `请求失败（${res.status}）`, d.messageEn ?? `Request failed (${res.status})`, d.fields ?? []);
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), accept: 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试', 'The network is unavailable; please retry');
  }
}

async function json(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** One call to the API: the JSON answer, or an ApiError with the server's message in both languages. */
export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await send(method, path, body, headers);
  const data = await json(res);
  if (!res.ok) throw failure(res, data, path);
  return data as T;
}

/** A file the API makes (an export, a report): its bytes, or an ApiError read from the error's JSON. */
export async function fetchBlob(path: string): Promise<Blob> {
  const res = await send('GET', path, undefined, { accept: '*/*' });
  if (!res.ok) throw failure(res, await json(res), path);
  return res.blob();
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', path, body, headers);
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const del = <T>(path: string) => request<T>('DELETE', path);

export function query(params: object): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A fresh key for one attempt to record something, kept across retries of that attempt. */
export function newKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

// ---- session -------------------------------------------------------------------------------

export const session = () => get<{ user: SessionUser | null }>('/api/session');
export const login = (username: string, password: string) => post<{ user: SessionUser }>('/api/auth/login', { username, password });
export const logout = () => post<{ ok: true }>('/api/auth/logout');

// ---- orders --------------------------------------------------------------------------------

export const listOrders = (f: OrderFilter) => get<Page<Order>>(`/api/orders${query(f)}`);
export const getOrder = (id: number | string) => get<OrderWithEvents>(`/api/orders/${id}`);
export const dispatchPreview = (id: number | string) => get<DispatchPreview>(`/api/orders/${id}/dispatch-preview`);

/** Every page of a filtered list (per-unit counts, charts), 200 at a time. */
export async function listAll(f: OrderFilter, max = 20_000): Promise<Order[]> {
  const out: Order[] = [];
  for (let page = 1; ; page++) {
    const r = await listOrders({ ...f, page, pageSize: 200 });
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0 || out.length >= max) return out;
  }
}

/** How many orders match (one small request). */
export async function countOrders(f: OrderFilter): Promise<number> {
  return (await listOrders({ ...f, page: 1, pageSize: 1 })).total;
}

/** The body of POST /api/orders (src/operations/accept.ts), before its defaults. */
export type AcceptInput = z.input<typeof AcceptSchema>;
export const acceptOrder = (body: AcceptInput, idempotencyKey: string) =>
  post<OrderWithEvents & { trackSecret: string | null; replayed: boolean }>('/api/orders', body, { 'idempotency-key': idempotencyKey });

/** The URL segment of each step (POST /api/orders/:id/<segment>). */
export const STEP_PATH: Partial<Record<Action, string>> = {
  answer: 'answer', register: 'register', dispatch: 'dispatch', reassign: 'reassign', signFor: 'sign-for', sendDown: 'send-down',
  return: 'return', requestExtension: 'extension', decideExtension: 'extension-decision', assistNote: 'assist-note', reply: 'reply',
  callback: 'callback', reopen: 'reopen', close: 'close', evaluate: 'evaluate', merge: 'merge', supervise: 'supervise', list: 'list',
  unlist: 'unlist', withdraw: 'withdraw',
};
export const step = (id: number | string, action: Action, body: unknown) => post<OrderWithEvents>(`/api/orders/${id}/${STEP_PATH[action]}`, body);

// ---- configuration (cached: the pickers ask often) ------------------------------------------

const cache = new Map<string, Promise<unknown>>();
function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
export function invalidate(...keys: string[]) {
  for (const k of keys) cache.delete(k);
}

export const categories = () => cached('categories', () => get<{ items: Category[] }>('/api/categories').then((r) => r.items));
export const territories = () => cached('territories', () => get<{ items: Territory[] }>('/api/territories').then((r) => r.items));
export const units = () => cached('units', () => get<{ items: Unit[] }>('/api/units').then((r) => r.items));
export const escalationPolicy = () => cached('escalation', () => get<EscalationPolicy>('/api/settings/escalation'));
export const routingRules = () => cached('routing', () => get<{ items: RoutingRuleRow[] }>('/api/routing-rules').then((r) => r.items));
export const timeLimitRules = () => cached('limits', () => get<{ items: TimeLimitRuleRow[] }>('/api/time-limit-rules').then((r) => r.items));

// ---- administration ------------------------------------------------------------------------

export const admin = {
  createUnit: (b: object) => post<{ id: number }>('/api/units', b),
  updateUnit: (id: number, b: object) => patch<{ id: number }>(`/api/units/${id}`, b),
  users: () => get<{ items: UserRow[] }>('/api/users').then((r) => r.items),
  createUser: (b: object) => post<{ id: number }>('/api/users', b),
  updateUser: (id: number, b: object) => patch<{ id: number }>(`/api/users/${id}`, b),
  createCategory: (b: object) => post<{ id: number }>('/api/categories', b),
  updateCategory: (id: number, b: object) => patch<{ id: number }>(`/api/categories/${id}`, b),
  createTerritory: (b: object) => post<{ id: number }>('/api/territories', b),
  createLimit: (b: object) => post<{ id: number }>('/api/time-limit-rules', b),
  updateLimit: (id: number, b: object) => put<{ id: number }>(`/api/time-limit-rules/${id}`, b),
  disableLimit: (id: number) => del<{ id: number }>(`/api/time-limit-rules/${id}`),
  createRouting: (b: object) => post<{ id: number }>('/api/routing-rules', b),
  updateRouting: (id: number, b: object) => put<{ id: number }>(`/api/routing-rules/${id}`, b),
  disableRouting: (id: number) => del<{ id: number }>(`/api/routing-rules/${id}`),
  calendarDays: (year: number) => get<{ items: CalendarDay[] }>(`/api/calendar/days?year=${year}`).then((r) => r.items),
  setCalendarYear: (year: number, days: CalendarDay[]) => put<{ year: number; count: number }>('/api/calendar/days', { year, days }),
  setEscalation: (b: EscalationPolicy) => put<EscalationPolicy>('/api/settings/escalation', b),
  articles: (q?: string) => get<{ items: Article[] }>(`/api/knowledge${query({ q })}`).then((r) => r.items),
  createArticle: (b: object) => post<{ id: number }>('/api/knowledge', b),
  updateArticle: (id: number, b: object) => patch<{ id: number }>(`/api/knowledge/${id}`, b),
};

export const deadlineFor = (start: string, workdays: number) =>
  get<{ deadline: string; deadlineUtc: string }>(`/api/calendar/deadline${query({ start, workdays })}`);

// ---- attachments ---------------------------------------------------------------------------

export interface Uploaded {
  id: number;
  name: string;
  contentType: string;
  size: number;
}

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Photos are scaled down to 1600 px on the long side (JPEG) before upload: phone photos are large. */
export async function shrinkImage(file: File): Promise<Blob> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) || typeof createImageBitmap !== 'function') return file;
  try {
    const bmp = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bmp.width, bmp.height));
    if (scale === 1 && file.size < 1_500_000) return file;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    canvas.getContext('2d')!.drawImage(bmp, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b ?? file), 'image/jpeg', 0.85));
  } catch {
    return file;
  }
}

async function upload(path: string, file: File): Promise<Uploaded> {
  const blob = await shrinkImage(file);
  const contentType = blob.type || file.type || 'application/octet-stream';
  return post<Uploaded>(path, { name: file.name, contentType, dataBase64: toBase64(await blob.arrayBuffer()) });
}
export const uploadAttachment = (file: File) => upload('/api/attachments', file);
export const attachmentUrl = (id: number) => `/api/attachments/${id}`;

// ---- the residents' portal -----------------------------------------------------------------

/** The body of POST /api/public/requests (src/http/schemas/orders.ts PublicSubmitBody), before its defaults. */
export type PublicSubmit = z.input<typeof PublicSubmitBody>;
export const portal = {
  upload: (file: File) => upload('/api/public/attachments', file),
  submit: (b: PublicSubmit, key: string) =>
    post<{ code: string; check: string | null; checkHint: string; replayed: boolean }>('/api/public/requests', b, { 'idempotency-key': key }),
  track: (code: string, check: string) => get<PublicOrder>(`/api/public/requests/${encodeURIComponent(code)}${query({ check })}`),
  rate: (code: string, check: string, satisfaction: Satisfaction, note: string | null) =>
    post<PublicOrder>(`/api/public/requests/${code}/rate`, { check, satisfaction, note }),
  reopen: (code: string, check: string, reason: string) => post<PublicOrder>(`/api/public/requests/${code}/reopen-request`, { check, reason }),
  withdraw: (code: string, check: string, reason: string) => post<PublicOrder>(`/api/public/requests/${code}/withdraw`, { check, reason }),
};

// ---- smart intake (src/http/routes/intake.ts) ------------------------------------------------

/** POST /api/intake/suggest: the classifier's category, its routing rule's units, similar open orders nearby, knowledge. */
export type Suggestion = Awaited<ReturnType<typeof suggestIntake>>;
/** A hit of the knowledge search: an article, or how a closed order was answered (kind 'reply', the id is the order's). */
export type KnowledgeHit = ReturnType<typeof presentHit>;

/** Suggestions while a request is typed; the service reads the text and the place (a description is required). */
export const suggest = (b: { title: string; description: string; territoryId: number | null }) => post<Suggestion>('/api/intake/suggest', b);

/** 知识检索 GET /api/intake/search: ranked full-text search; `kind` 'article' for the knowledge base only. */
export async function knowledgeSearch(q: string, kind?: 'article' | 'reply', limit = 10): Promise<KnowledgeHit[]> {
  const text = q.trim().slice(0, 500);
  if (!text) return [];
  return (await get<{ terms: string[]; items: KnowledgeHit[] }>(`/api/intake/search${query({ q: text, kind, limit })}`)).items;
}

/** The whole text of a knowledge article a search found (a hit carries a snippet only). */
export async function articleBody(hit: Pick<KnowledgeHit, 'id' | 'title' | 'snippet'>): Promise<string> {
  const found = (await admin.articles(hit.title.slice(0, 100))).find((a) => a.id === hit.id);
  return found?.body ?? hit.snippet;
}

// ---- measures ------------------------------------------------------------------------------

export interface DashCounters {
  date: string; received: number; valid: number; answered: number; dispatched: number; closed: number; rated: number; wentOverdue: number;
  answerRate: number | null; onTimeCloseRate: number | null; satisfactionRate: number | null;
}
export interface Dashboard {
  asOf: string;
  today: DashCounters & { overdueNow: number; open: number };
  yesterday: DashCounters;
  map: { geoJson: string; month: string; areas: { territoryId: number; code: string; name: string; today: number; month: number; closedMonth: number; satisfactionRate: number | null; overdueNow: number }[] };
  trends: { days: string[]; total: { received: number[]; closed: number[] }; categories: { id: number; code: string; name: string; received: number[] }[] };
  ranking: { period: string; units: { rank: number | null; unit: { id: number; code: string; name: string; kind: string }; score: number; threeRates: number | null }[] };
  /** kind 'surge': a category surging in a street; 'hot_issue': a cluster of similar requests (with its orders). */
  warnings: { id?: number; kind: 'surge' | 'hot_issue'; day: string; category: { name: string } | null; territory: { name: string } | null; count: number; text: string; orderIds?: number[] }[];
}
/** 大屏 GET /api/dashboard: the leaders' screen. */
export const leaderDashboard = () => get<Dashboard>('/api/dashboard');
/** The district's streets as GeoJSON (for echarts.registerMap). */
export const dashboardGeo = () => get<object>('/api/dashboard/geo');

/** A hot issue as GET /api/intake/hot-issues gives it: with its territories and categories named. */
export type HotIssueView = HotIssue & {
  territories: NonNullable<ReturnType<typeof territoryRef>>[];
  categories: NonNullable<ReturnType<typeof categoryRef>>[];
};
/** 热点诉求 GET /api/intake/hot-issues (default: the last 7 days). */
export const hotIssues = (f: { from?: string; to?: string; limit?: number } = {}) =>
  get<{ from: string; to: string; items: HotIssueView[] }>(`/api/intake/hot-issues${query(f)}`);

/** 回复检查 POST /api/intake/reply-check: does a reply address the request? Nothing is saved. */
export type ReplyCheckResult = ReplyCheck & { orderId: number };
export const replyCheck = (orderId: number, result: string) => post<ReplyCheckResult>('/api/intake/reply-check', { orderId, result });

// ---- export ----------------------------------------------------------------------------------

/** 导出工单 GET /api/orders/export: the filtered list (every page) as an Excel file. */
export function orderExportUrl(f: OrderFilter): string {
  const { page: _p, pageSize: _s, ...rest } = f;
  return `/api/orders/export${query({ ...rest, format: 'xlsx' })}`;
}
