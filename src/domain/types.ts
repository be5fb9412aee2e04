// The vocabulary of a 12345 centre. Plain data, no I/O.

export const REQUEST_TYPES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise', 'other'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const REQUEST_TYPE_ZH: Record<RequestType, string> = {
  consult: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议', praise: '表扬', other: '其他',
};

export const CHANNELS = [
  'phone', 'web', 'app', 'mailbox', 'sms', 'social_media', 'media_monitoring', 'grid_inspector', 'police_110', 'upper_centre', 'api',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_ZH: Record<Channel, string> = {
  phone: '电话', web: '网站', app: '移动应用', mailbox: '市长信箱', sms: '短信', social_media: '社交媒体',
  media_monitoring: '媒体监测', grid_inspector: '网格员上报', police_110: '110转办', upper_centre: '上级转办', api: '接口',
};

export const ROLES = ['operator', 'dispatcher', 'unit_handler', 'callback_agent', 'supervisor', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_ZH: Record<Role, string> = {
  operator: '话务员', dispatcher: '派单员', unit_handler: '承办人', callback_agent: '回访员', supervisor: '督办员', leader: '领导', admin: '管理员',
};

export const UNIT_KINDS = ['centre', 'department', 'street', 'community', 'utility', 'company'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const TERRITORY_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type TerritoryLevel = (typeof TERRITORY_LEVELS)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const SATISFACTION_ZH: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** A time limit: so many working days (official calendar) or so many clock hours. */
export interface Limit {
  value: number;
  unit: 'workdays' | 'hours';
}

/** A time-limit rule as administrators configure it; the most specific match wins. */
export interface TimeLimitRule {
  id: number;
  requestType: RequestType | null;
  /** Applies to this category and its subtree; null = any. */
  categoryId: number | null;
  grade: number | null;
  emergency: boolean | null;
  signFor: Limit;
  handle: Limit;
  version: number;
}
