// Request schemas of the smart-intake resource (issue 5): suggestions, duplicates, knowledge
// search, hot issues, the reply check, the classifier's model and training texts.
import { z } from 'zod';
import { bi } from '../../domain/fields.ts';
import { text } from '../../domain/fields.ts';

const territoryId = z.number(bi('区域须为数字 ID', 'territoryId must be a numeric id')).int().positive().nullish().transform((v) => v ?? null);
const lng = z.number(bi('经度须为数字', 'lng must be a number')).min(-180, bi('经度须在 -180 到 180 之间', 'lng must be between -180 and 180')).max(180, bi('经度须在 -180 到 180 之间', 'lng must be between -180 and 180')).nullish().transform((v) => v ?? null);
const lat = z.number(bi('纬度须为数字', 'lat must be a number')).min(-90, bi('纬度须在 -90 到 90 之间', 'lat must be between -90 and 90')).max(90, bi('纬度须在 -90 到 90 之间', 'lat must be between -90 and 90')).nullish().transform((v) => v ?? null);

/** While typing the title may still be empty: the description alone is enough. */
const draftTitle = z.string(bi('标题须为文本', 'Title must be text')).trim().max(100, bi('标题不能超过 100 字', 'Title must be at most 100 characters')).default('');

export const SuggestBody = z.strictObject({
  title: draftTitle,
  description: text(5000, '诉求内容', 'Description'),
  territoryId,
  lng,
  lat,
});

export const DuplicatesBody = z.strictObject({
  title: draftTitle,
  description: text(5000, '诉求内容', 'Description'),
  territoryId,
  lng,
  lat,
  days: z.number(bi('天数须为 1-365 的整数', 'days must be an integer 1-365')).int().min(1, bi('天数须为 1-365 的整数', 'days must be an integer 1-365')).max(365, bi('天数须为 1-365 的整数', 'days must be an integer 1-365')).optional(),
  limit: z.number(bi('条数须为 1-20 的整数', 'limit must be an integer 1-20')).int().min(1, bi('条数须为 1-20 的整数', 'limit must be an integer 1-20')).max(20, bi('条数须为 1-20 的整数', 'limit must be an integer 1-20')).optional(),
});

export const DuplicatesQuery = z.object({
  days: z.coerce.number(bi('天数须为 1-365 的整数', 'days must be an integer 1-365')).int().min(1, bi('天数须为 1-365 的整数', 'days must be an integer 1-365')).max(365, bi('天数须为 1-365 的整数', 'days must be an integer 1-365')).optional(),
});

const limit = (max: number, dflt: number) =>
  z.coerce.number(bi(`条数须为 1-${max} 的整数`, `limit must be an integer 1-${max}`)).int(bi(`条数须为 1-${max} 的整数`, `limit must be an integer 1-${max}`))
    .min(1, bi(`条数须为 1-${max} 的整数`, `limit must be an integer 1-${max}`)).max(max, bi(`条数须为 1-${max} 的整数`, `limit must be an integer 1-${max}`)).default(dflt);

export const SearchQuery = z.object({
  q: z.string(bi('请填写搜索内容', 'q is required')).trim().min(1, bi('请填写搜索内容', 'q is required')).max(500, bi('搜索内容不能超过 500 字', 'q must be at most 500 characters')),
  kind: z.enum(['article', 'reply'], bi('kind 须为 article（知识库）或 reply（已办结工单的答复）', 'kind must be article or reply')).optional(),
  limit: limit(50, 10),
});

const when = (zh: string, en: string) =>
  z.string().trim().refine((s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(new Date(s).getTime()), bi(`${zh}须为日期（2026-11-01）或 ISO 8601 时间`, `${en} must be a date (2026-11-01) or an ISO 8601 date-time`))
    // A bare date is the start of that day in China.
    .transform((s) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+08:00` : s));

export const HotIssuesQuery = z.object({
  from: when('开始时间', 'from').optional(),
  to: when('结束时间', 'to').optional(),
  territoryId: z.coerce.number(bi('区域须为数字 ID', 'territoryId must be a numeric id')).int().positive(bi('区域须为数字 ID', 'territoryId must be a numeric id')).optional(),
  limit: limit(50, 10),
});

export const ReplyCheckBody = z.strictObject({
  orderId: z.number(bi('工单须为数字 ID', 'orderId must be a numeric id')).int().positive(bi('工单须为数字 ID', 'orderId must be a numeric id')),
  result: text(5000, '办理结果', 'Result'),
});

export const TrainingCsvBody = z.strictObject({
  csv: z.string(bi('请提供 CSV 文本', 'csv must be text')).min(1, bi('请提供 CSV 文本', 'csv is required')).max(10_000_000, bi('CSV 不能超过 10 MB', 'csv must be at most 10 MB')),
});

export const SegmentBody = z.strictObject({
  text: text(5000, '文本', 'Text'),
});
