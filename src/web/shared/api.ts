// Every call the two web apps make to the platform's API, in one place. The staff app is
// authenticated by the HttpOnly session cookie that POST /api/auth/login sets (so the live-updates
// EventSource is too); the portal calls only /api/public/*.
//
// Endpoints that other modules are still building (intake suggestions, measures, server-side
// export) are feature-detected from /api/openapi.json, never by provoking a 404, and each has a
// fallback over the endpoints that exist now. Wiring a new endpoint means changing this file only.
import type { OrderView, presentEvent, presentPublic } from '../../app/orders/present.ts';
import type { Action } from '../../domain/commands.ts';
import { pickRoutingRule, type RoutingRule } from '../../domain/rules.ts';
import type { Role, Satisfaction, TerritoryLevel, UnitKind } from '../../domain/types.ts';
import { currentLocale } from './i18n.tsx';

// ---- types ---------------------------------------------------------------------------------

export type EventView = ReturnType<typeof presentEvent>;
export type Order = OrderView & { clockStartedAt?: string | null; events?: EventView[] };
export type OrderWithEvents = Order & { events: EventView[] };
export type PublicOrder = ReturnType<typeof presentPublic>;
export type { Action, Role, Satisfaction };

export interface SessionUser {
  id: number;
  username: string;
  name: string;
  role: Role;
  roleZh: string;
  unitId: number;
  unitName: string;
  unitPath: string;
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface TreeNode {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  path: string;
}
export interface Unit extends TreeNode {
  kind: UnitKind;
  tier: number;
  dutyPhone: string | null;
  territoryId: number | null;
  active: boolean;
}
export interface Territory extends TreeNode {
  level: TerritoryLevel;
  centerLng: number | null;
  centerLat: number | null;
}
export interface Category extends TreeNode {
  active: boolean;
}
export interface Limit {
  value: number;
  unit: 'workdays' | 'hours';
}
export interface TimeLimitRuleRow {
  id: number;
  requestType: string | null;
  categoryId: number | null;
  grade: number | null;
  emergency: boolean | null;
  signFor: Limit;
  handle: Limit;
  version: number;
  active: boolean;
}
export type RoutingRuleRow = RoutingRule;
export interface UserRow {
  id: number;
  username: string;
  name: string;
  role: Role;
  roleZh: string;
  unitId: number;
  unitName: string;
  active: boolean;
}
export interface Article {
  id: number;
  title: string;
  body: string;
  categoryId: number | null;
  active: boolean;
  updatedAt: string;
  /** From the intake module's search, when it ranks. */
  score?: number;
}
export interface CalendarDay {
  date: string;
  isOffDay: boolean;
  name: string;
}
export interface EscalationPolicy {
  warnBeforeHours: number;
  warnFraction: number;
  disciplineGraceWorkdays: number;
}
export interface DispatchPreview {
  suggestion: { ruleId: number; leadUnit: { id: number; code: string; name: string } | null; assistUnits: ({ id: number; code: string; name: string } | null)[] } | null;
  limits: { signFor: Limit; handle: Limit };
  signForDue: string | null;
  handleDue: string | null;
}

/** The list filters of GET /api/orders (src/http/schemas/orders.ts ListQuery). */
export interface OrderFilter {
  state?: string[];
  q?: string;
  phone?: string;
  channel?: string;
  requestType?: string;
  categoryId?: number;
  territoryId?: number;
  leadUnitId?: number;
  mine?: boolean;
  colour?: 'due_soon' | 'overdue';
  escalation?: string;
  listed?: boolean;
  emergency?: boolean;
  pendingExtension?: boolean;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface FieldError {
  field: string;
  message: string;
  messageEn: string;
}

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

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), accept: 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试', 'The network is unavailable; please retry');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const d = (data ?? {}) as { error?: string; message?: string; messageEn?: string; fields?: FieldError[] };
    if (res.status === 401 && !path.startsWith('/api/auth/login')) unauthenticatedListeners.forEach((f) => f());
    throw new ApiError(res.status, d.error ?? 'http_' + res.status, d.message ?? `请求失败（${res.status}）`, d.messageEn ?? `Request failed (${res.status})`, d.fields ?? []);
  }
  return data as T;
}

const get = <T>(path: string) => request<T>('GET', path);
const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', path, body, headers);
const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
const del = <T>(path: string) => request<T>('DELETE', path);

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

// ---- which optional endpoints exist --------------------------------------------------------

let features: Promise<Set<string>> | null = null;
/** The API paths this server documents (feature detection for modules built in parallel). */
export function apiPaths(): Promise<Set<string>> {
  features ??= get<{ paths: Record<string, unknown> }>('/api/openapi.json').then((d) => new Set(Object.keys(d.paths ?? {})), () => new Set<string>());
  return features;
}
export async function has(path: string): Promise<boolean> {
  return (await apiPaths()).has(path);
}

// ---- session -------------------------------------------------------------------------------

export const session = () => get<{ user: SessionUser | null }>('/api/session');
export const login = (username: string, password: string) => post<{ user: SessionUser }>('/api/auth/login', { username, password });
export const logout = () => post<{ ok: true }>('/api/auth/logout');

// ---- orders --------------------------------------------------------------------------------

export const listOrders = (f: OrderFilter) => get<Page<Order>>(`/api/orders${query(f)}`);
export const getOrder = (id: number | string) => get<OrderWithEvents>(`/api/orders/${id}`);
export const dispatchPreview = (id: number | string) => get<DispatchPreview>(`/api/orders/${id}/dispatch-preview`);

/** Every page of a filtered list (export, per-unit counts), 200 at a time. */
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

export interface AcceptInput {
  channel: string;
  requestType: string;
  categoryId: number | null;
  grade: number;
  emergency: boolean;
  title: string;
  description: string;
  caller: { name: string | null; phone: string | null; anonymous: boolean; confidential: boolean };
  place: { territoryId: number | null; address: string | null };
  answer?: { text: string; knowledgeArticleId: number | null } | null;
  register?: boolean;
  attachmentIds?: number[];
}
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

export interface PublicSubmit {
  requestType: string;
  categoryId: number | null;
  title: string;
  description: string;
  place: { territoryId: number | null; address: string | null };
  caller: { name: string | null; phone: string | null; anonymous: boolean; confidential: boolean };
  trackSecret: string | null;
  attachmentIds: number[];
}
export const portal = {
  categories: () => get<{ items: Category[] }>('/api/categories').then((r) => r.items),
  territories: () => get<{ items: Territory[] }>('/api/territories').then((r) => r.items),
  upload: (file: File) => upload('/api/public/attachments', file),
  submit: (b: PublicSubmit, key: string) =>
    post<{ code: string; check: string | null; checkHint: string; replayed: boolean }>('/api/public/requests', b, { 'idempotency-key': key }),
  track: (code: string, check: string) => get<PublicOrder>(`/api/public/requests/${encodeURIComponent(code)}${query({ check })}`),
  rate: (code: string, check: string, satisfaction: Satisfaction, note: string | null) =>
    post<PublicOrder>(`/api/public/requests/${code}/rate`, { check, satisfaction, note }),
  reopen: (code: string, check: string, reason: string) => post<PublicOrder>(`/api/public/requests/${code}/reopen-request`, { check, reason }),
  withdraw: (code: string, check: string, reason: string) => post<PublicOrder>(`/api/public/requests/${code}/withdraw`, { check, reason }),
};

// ---- intake helpers (issue 5 endpoints when present, else built from what exists) -----------

export interface Suggestion {
  category: { id: number; name: string; confidence: number | null } | null;
  unit: { id: number; name: string; confidence: number | null; source: 'model' | 'rule' } | null;
  duplicates: Order[];
  knowledge: Article[];
  /** Whether the platform's suggestion service answered (else: rules and plain searches). */
  smart: boolean;
}

export interface SuggestInput {
  title: string;
  description: string;
  phone: string | null;
  categoryId: number | null;
  territoryId: number | null;
  address: string | null;
}

const OPEN = ['accepted', 'pending_dispatch', 'dispatched', 'handling', 'replied', 'called_back'];

/** Orders open at the same place about the same matter (same category, same grid or community). */
export async function duplicateCandidates(categoryId: number | null, territoryId: number | null): Promise<Order[]> {
  if (!categoryId || !territoryId) return [];
  const ts = await territories();
  const t = ts.find((x) => x.id === territoryId);
  // A grid cell is small: look at its community, where the same matter is usually reported.
  const scope = t?.level === 'grid' && t.parentId ? t.parentId : territoryId;
  const r = await listOrders({ categoryId, territoryId: scope, state: OPEN, pageSize: 10 });
  return r.items;
}

export async function knowledgeSearch(q: string): Promise<Article[]> {
  const text = q.trim();
  if (!text) return [];
  if (await has('/api/intake/knowledge')) {
    const r = await get<{ items: Article[] }>(`/api/intake/knowledge${query({ q: text })}`);
    return r.items ?? [];
  }
  // Plain substring search: try the whole text, then its longest words.
  const first = await admin.articles(text.slice(0, 100));
  if (first.length) return first;
  const words = [...new Set(text.split(/[\s，。、,.;；!！?？]+/).filter((w) => w.length >= 2))].sort((a, b) => b.length - a.length).slice(0, 3);
  const seen = new Map<number, Article>();
  for (const w of words) for (const a of await admin.articles(w.slice(0, 100))) seen.set(a.id, a);
  return [...seen.values()];
}

/** Routing rule applied in the browser (the same pure function the server uses). */
export async function ruleUnit(categoryId: number | null, territoryId: number | null): Promise<Suggestion['unit']> {
  if (!categoryId) return null;
  const [rules, cats, ts, us] = await Promise.all([routingRules(), categories(), territories(), units()]);
  const pathOf = (list: TreeNode[], id: number | null) => {
    const n = id === null ? undefined : list.find((x) => x.id === id);
    return n ? n.path.split('/').filter(Boolean).map(Number).reverse() : [];
  };
  const r = pickRoutingRule(rules, pathOf(cats, categoryId), pathOf(ts, territoryId));
  const u = r ? us.find((x) => x.id === r.leadUnitId) : undefined;
  return u ? { id: u.id, name: u.name, confidence: null, source: 'rule' } : null;
}

type Loose = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' ? v : null);

function mergeById<T extends { id: number }>(xs: T[]): T[] {
  const seen = new Set<number>();
  return xs.filter((x) => !seen.has(x.id) && seen.add(x.id));
}

/** The intake service's duplicate hit ({orderId, code, title, state, address, territory, score}) as the order the list shows. */
function duplicateHit(d: Loose): Order {
  if (typeof d.orderId !== 'number') return (d.order ?? d) as unknown as Order;
  const territory = d.territory as Loose | null;
  return {
    id: d.orderId, code: d.code, title: d.title, state: d.state, acceptedAt: d.acceptedAt,
    place: { address: d.address ?? null, territory: territory ? { id: territory.id, name: territory.name, fullName: territory.name } : null },
  } as unknown as Order;
}

/** Suggestions for the operator's form: POST /api/intake/suggest when the platform has it. */
export async function suggest(input: SuggestInput): Promise<Suggestion> {
  // The service reads the text (and the place); it needs a description to work on.
  if (input.description.trim() && (await has('/api/intake/suggest'))) {
    try {
      const r = await post<Loose>('/api/intake/suggest', { title: input.title, description: input.description, territoryId: input.territoryId });
      const cat = (r.category ?? (r.categories as Loose[] | undefined)?.[0] ?? null) as Loose | null;
      const unit = (r.unit ?? r.leadUnit ?? (r.units as Loose[] | undefined)?.[0] ?? null) as Loose | null;
      const dup = (r.duplicates ?? []) as Loose[];
      const kb = (r.knowledge ?? r.articles ?? []) as Loose[];
      return {
        smart: true,
        category: cat && num(cat.id ?? cat.categoryId) !== null
          ? { id: num(cat.id ?? cat.categoryId)!, name: String(cat.fullName ?? cat.name ?? ''), confidence: num(cat.confidence ?? cat.score) }
          : null,
        unit: unit && num(unit.id ?? unit.unitId) !== null
          ? { id: num(unit.id ?? unit.unitId)!, name: String(unit.name ?? ''), confidence: num(unit.confidence ?? unit.score), source: 'model' }
          : await ruleUnit(input.categoryId, input.territoryId),
        // Text-similar open orders first, then the open orders of the same category at the same place.
        duplicates: mergeById([
          ...dup.map(duplicateHit).filter((d) => typeof d?.id === 'number'),
          ...(await duplicateCandidates(input.categoryId, input.territoryId)),
        ]),
        knowledge: kb.map((a) => ((a.article ?? a) as unknown as Article))
          .filter((a) => typeof a?.id === 'number' && (a as unknown as Loose).kind !== 'reply')
          .map((a) => ({ ...a, body: a.body ?? String((a as unknown as Loose).snippet ?? '') })),
      };
    } catch {
      // The suggestion service failed: fall back to the plain searches below.
    }
  }
  const [unit, duplicates] = await Promise.all([ruleUnit(input.categoryId, input.territoryId), duplicateCandidates(input.categoryId, input.territoryId)]);
  return { smart: false, category: null, unit, duplicates, knowledge: [] };
}

// ---- measures (issue 4 endpoints when present) ----------------------------------------------

/** GET /api/dashboard when the measures module is installed; null otherwise. */
export async function dashboard(): Promise<Loose | null> {
  if (!(await has('/api/dashboard'))) return null;
  try {
    return await get<Loose>('/api/dashboard');
  } catch {
    return null;
  }
}

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

export interface HotIssue {
  terms: string[]; label: string; count: number; residents: number;
  trend: { previous: number; change: number; direction: 'new' | 'rising' | 'steady' | 'falling' };
  exampleOrderIds: number[];
}
/** 热点诉求 GET /api/intake/hot-issues (default: the last 7 days). */
export const hotIssues = (f: { from?: string; to?: string; limit?: number } = {}) => get<{ from: string; to: string; items: HotIssue[] }>(`/api/intake/hot-issues${query(f)}`);

export interface ReplyCheckResult {
  ok: boolean; score: number; warnings: { code: string; message: string; messageEn: string }[];
}
/** 回复检查 POST /api/intake/reply-check: does a reply address the request? Nothing is saved. */
export const replyCheck = (orderId: number, result: string) => post<ReplyCheckResult>('/api/intake/reply-check', { orderId, result });

// ---- export (issue 6 endpoint when present) -------------------------------------------------

/** The server's own export of a filtered order list, when it has one: the URL to download. */
export async function serverExportUrl(f: OrderFilter): Promise<string | null> {
  if (!(await has('/api/orders/export'))) return null;
  const { page: _p, pageSize: _s, ...rest } = f;
  return `/api/orders/export${query({ ...rest, format: 'xlsx' })}`;
}
