// Names of the platform's vocabulary in both languages. The Chinese comes from the domain
// (one source of truth with the API's `…Zh` fields); the English is here.
import { ACTION_ZH, type Action } from '../../domain/commands.ts';
import { EVENT_ZH, OPEN_STATES, ORDER_STATE_ZH, ORDER_STATES, type EventType, type OrderState } from '../../domain/order.ts';
import {
  CHANNEL_ZH, CHANNELS, REQUEST_TYPE_ZH, REQUEST_TYPES, ROLE_ZH, SATISFACTION_ZH, SATISFACTIONS,
  type Channel, type RequestType, type Role, type Satisfaction, type TerritoryLevel, type UnitKind,
} from '../../domain/types.ts';
import type { Locale } from './i18n.tsx';

const STATE_EN: Record<OrderState, string> = {
  accepted: 'Accepted', pending_dispatch: 'To dispatch', dispatched: 'To sign for', handling: 'Handling', replied: 'To call back',
  called_back: 'Called back', closed: 'Closed', merged: 'Merged', withdrawn: 'Withdrawn',
};
const ACTION_EN: Record<Action, string> = {
  answer: 'Answer at once', register: 'Open case', dispatch: 'Dispatch', reassign: 'Reassign', signFor: 'Sign for', sendDown: 'Send down',
  return: 'Return', requestExtension: 'Ask for extension', decideExtension: 'Decide extension', assistNote: 'Assisting note', reply: 'Reply',
  callback: 'Callback', reopen: 'Reopen', close: 'Close', evaluate: 'Evaluate', merge: 'Merge as duplicate', supervise: 'Supervise',
  list: 'List for supervision', unlist: 'Lift listing', withdraw: 'Withdraw', rate: 'Rate', requestReopen: 'Ask to reopen',
};
const EVENT_EN: Record<string, string> = {
  accepted: 'Accepted', answered: 'Answered at once', registered: 'Case opened', dispatched: 'Dispatched', reassigned: 'Reassigned',
  signed_for: 'Signed for', sent_down: 'Sent down', returned: 'Returned', extension_requested: 'Extension requested',
  extension_approved: 'Extension approved', extension_refused: 'Extension refused', assist_noted: 'Assisting note', replied: 'Replied',
  called_back: 'Called back', reopened: 'Reopened', closed: 'Closed', evaluated: 'Evaluated', merged: 'Merged as duplicate',
  duplicate_linked: 'Duplicate linked', supervised: 'Supervision notice', listed: 'Listed for supervision', unlisted: 'Listing lifted',
  withdrawn: 'Withdrawn', rated: 'Rated by resident', reopen_requested: 'Resident asked to reopen', escalated: 'Deadline warning',
  deadlines_recomputed: 'Deadlines recomputed', handed_over: 'Handed over', link_noted: 'Linked message',
};
const TYPE_EN: Record<RequestType, string> = {
  consult: 'Consultation', help: 'Help', complaint: 'Complaint', report: 'Report', suggestion: 'Suggestion', praise: 'Praise', other: 'Other',
};
const CHANNEL_EN: Record<Channel, string> = {
  phone: 'Phone', web: 'Website', app: 'App', mailbox: "Mayor's mailbox", sms: 'SMS', social_media: 'Social media',
  media_monitoring: 'Media monitoring', grid_inspector: 'Grid inspector', police_110: '110 transfer', upper_centre: 'Higher centre', api: 'API',
};
const ROLE_EN: Record<Role, string> = {
  operator: 'Operator', dispatcher: 'Dispatcher', unit_handler: 'Unit handler', callback_agent: 'Callback agent', supervisor: 'Supervisor',
  leader: 'Leader', admin: 'Administrator',
};
const SATISFACTION_EN: Record<Satisfaction, string> = { satisfied: 'Satisfied', basically_satisfied: 'Basically satisfied', unsatisfied: 'Unsatisfied' };
const ESCALATION: Record<string, [string, string]> = {
  none: ['正常', 'Normal'], warned: ['预警', 'Warned'], overdue: ['超期', 'Overdue'], supervised: ['已督办', 'Supervised'], discipline: ['纪检监察', 'Discipline inspection'],
};
const UNIT_KIND: Record<UnitKind, [string, string]> = {
  centre: ['热线中心', 'Centre'], department: ['职能部门', 'Department'], street: ['街道', 'Street'], community: ['社区', 'Community'],
  utility: ['公共服务企业', 'Utility'], company: ['企业', 'Company'],
};
const LEVEL: Record<TerritoryLevel, [string, string]> = {
  district: ['区', 'District'], street: ['街道', 'Street'], community: ['社区', 'Community'], grid: ['网格', 'Grid cell'],
};

const pick = (l: Locale, zh: string | undefined, en: string | undefined, raw: string) => (l === 'en-US' ? en ?? zh ?? raw : zh ?? raw);

export const stateLabel = (s: string, l: Locale) => pick(l, ORDER_STATE_ZH[s as OrderState], STATE_EN[s as OrderState], s);
export const actionLabel = (a: string, l: Locale) => pick(l, ACTION_ZH[a as Action], ACTION_EN[a as Action], a);
export const eventLabel = (e: string, l: Locale) => pick(l, EVENT_ZH[e as EventType], EVENT_EN[e], e);
export const typeLabel = (t: string, l: Locale) => pick(l, REQUEST_TYPE_ZH[t as RequestType], TYPE_EN[t as RequestType], t);
export const channelLabel = (c: string, l: Locale) => pick(l, CHANNEL_ZH[c as Channel], CHANNEL_EN[c as Channel], c);
export const roleLabel = (r: string, l: Locale) => pick(l, ROLE_ZH[r as Role], ROLE_EN[r as Role], r);
export const satisfactionLabel = (s: string, l: Locale) => pick(l, SATISFACTION_ZH[s as Satisfaction], SATISFACTION_EN[s as Satisfaction], s);
export const escalationLabel = (s: string, l: Locale) => pick(l, ESCALATION[s]?.[0], ESCALATION[s]?.[1], s);
export const unitKindLabel = (s: string, l: Locale) => pick(l, UNIT_KIND[s as UnitKind]?.[0], UNIT_KIND[s as UnitKind]?.[1], s);
export const levelLabel = (s: string, l: Locale) => pick(l, LEVEL[s as TerritoryLevel]?.[0], LEVEL[s as TerritoryLevel]?.[1], s);

export const STATE_COLOUR: Record<string, string> = {
  accepted: 'default', pending_dispatch: 'orange', dispatched: 'blue', handling: 'processing', replied: 'purple', called_back: 'cyan',
  closed: 'success', merged: 'default', withdrawn: 'default',
};

// The lists the pickers offer: the domain's own.
export { CHANNELS, REQUEST_TYPES };
export const ORDER_STATE_LIST = ORDER_STATES;
export const OPEN_STATE_LIST = OPEN_STATES;
export const SATISFACTION_LIST = SATISFACTIONS;
