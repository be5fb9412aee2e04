// Request schemas of the measures, assessment, reports, warnings and dashboard resources.
import { z } from 'zod';
import { PENALTY_KINDS } from '../../domain/assessment.ts';
import { DIMS, parsePeriod, RATE_KEYS } from '../../domain/measures.ts';
import { parseScope } from '../../app/measures/scope.ts';
import { REPORT_KINDS } from '../../reports/data.ts';
import { bi } from '../../domain/fields.ts';
import { optionalText } from '../../domain/fields.ts';

const PERIOD_HELP = '2026-03-05（日）、2026-W10（周）、2026-03（月）、2026-Q1（季）、2026（年）或 2026-03-01..2026-03-15（起止日）';
const PERIOD_HELP_EN = '2026-03-05 (day), 2026-W10 (ISO week), 2026-03 (month), 2026-Q1 (quarter), 2026 (year) or 2026-03-01..2026-03-15 (range)';
const SCOPE_HELP = 'all、unit:<id>、category:<id>、territory:<id>、channel:<渠道>、requestType:<类型>';

/** Text parsed by `parse`, or a custom issue with the (bilingual) message. */
const parsed = <T>(parse: (s: string) => T | null, message: { error: string }) => (s: string, ctx: z.core.$RefinementCtx<string>): T => {
  const v = parse(s);
  if (v !== null) return v;
  ctx.issues.push({ code: 'custom', message: message.error, input: s });
  return z.NEVER;
};

/** A period key, given to the handler as its `Period`. */
export const period = z.string(bi('请填写统计期', 'period is required')).trim()
  .transform(parsed(parsePeriod, bi(`统计期格式不正确，应为 ${PERIOD_HELP}`, `Bad period; use ${PERIOD_HELP_EN}`)))
  .describe(`统计期 Period: ${PERIOD_HELP_EN}`);

/** A scope ('all', 'unit:12', ...), given to the handler as its `Scope` (whether the node exists is checked against the catalog there). */
export const scope = z.string().trim()
  .transform(parsed(parseScope, bi(`统计范围格式不正确，应为 ${SCOPE_HELP}`, 'Bad scope; use all, unit:<id>, category:<id>, territory:<id>, channel:<code> or requestType:<code>')))
  .describe('统计范围 Scope: all, unit:<id> (with the units below), category:<id> (with its subtree), territory:<id> (with its subtree), channel:<code>, requestType:<code>. Default: all (a unit handler: their unit)');

const date = (zh: string, en: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi(`${zh}须为 YYYY-MM-DD 格式的日期`, `${en} must be a date YYYY-MM-DD`))
  .refine((s) => parsePeriod(s) !== null, bi(`${zh}不是有效日期`, `${en} is not a valid date`));
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);

export const MeasuresQuery = z.object({
  period,
  scope: scope.optional(),
  compare: bool.default(true).describe('Also give the previous period of the same kind'),
});

export const SeriesQuery = z.object({
  from: date('起始日期', 'from'),
  to: date('截止日期', 'to').describe('Last day, inclusive'),
  scope: scope.optional(),
  granularity: z.enum(['day', 'week', 'month'], bi('粒度须为 day、week 或 month', 'granularity must be day, week or month')).default('day'),
}).refine((q) => q.from <= q.to, { path: ['to'], ...bi('截止日期不能早于起始日期', 'to must not be before from') })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 3 * 366, { path: ['to'], ...bi('时间跨度不能超过 3 年', 'At most 3 years') });

export const BreakdownQuery = z.object({
  period,
  by: z.enum(DIMS.filter((d) => d !== 'all') as ['unit', 'category', 'territory', 'channel', 'requestType'],
    bi('by 须为 unit、category、territory、channel 或 requestType', 'by must be unit, category, territory, channel or requestType')),
  parent: z.coerce.number().int().positive().optional().describe('For unit, category, territory: the node whose children to list (default: the top level; territory: the streets)'),
});

export const VerifyQuery = z.object({ period, scope: scope.prefault('all') });

export const RankingQuery = z.object({
  period,
  of: z.enum(['units', 'streets'], bi('of 须为 units（单位）或 streets（街道）', 'of must be units or streets')).default('units'),
});

export const UnitParam = z.object({ id: z.coerce.number(bi('单位须为数字 ID', 'A unit must be a numeric id')).int().positive() });
export const UnitAssessmentQuery = z.object({
  period,
  kinds: z.string().transform((s) => s.split(',').filter(Boolean)).pipe(z.array(z.enum(PENALTY_KINDS, bi(`扣分类型须为 ${PENALTY_KINDS.join('、')}`, `kinds: ${PENALTY_KINDS.join(', ')}`)))).optional(),
  page,
  pageSize,
});

const rate01 = (zh: string, en: string) => z.number(bi(`${zh}须为数字`, `${en} must be a number`)).min(0, bi(`${zh}须在 0 到 1 之间`, `${en} must be between 0 and 1`)).max(1, bi(`${zh}须在 0 到 1 之间`, `${en} must be between 0 and 1`));
const nonNeg = (zh: string, en: string) => z.number(bi(`${zh}须为数字`, `${en} must be a number`)).min(0, bi(`${zh}不能为负数`, `${en} must not be negative`)).max(1000);

export const RulesBody = z.strictObject({
  rules: z.array(z.strictObject({
    measure: z.enum(RATE_KEYS, bi(`指标须为 ${RATE_KEYS.join('、')} 之一`, `measure must be one of ${RATE_KEYS.join(', ')}`)),
    baseline: rate01('基准值', 'baseline'),
    weight: nonNeg('权重', 'weight'),
    pointsPerPct: nonNeg('每个百分点扣分', 'pointsPerPct'),
  })).max(RATE_KEYS.length),
  threeRates: z.strictObject({ response: rate01('响应率权重', 'response'), solve: rate01('解决率权重', 'solve'), satisfaction: rate01('满意率权重', 'satisfaction') }),
});

export const ReportsQuery = z.object({
  kind: z.enum(REPORT_KINDS, bi('报告类型须为 daily、weekly、monthly 或 special', 'kind must be daily, weekly, monthly or special')).optional(),
  page,
  pageSize,
});

export const GenerateBody = z.strictObject({
  kind: z.enum(REPORT_KINDS, bi('报告类型须为 daily（每日简情）、weekly（热点周报）、monthly（月度分析）或 special（专报）', 'kind must be daily, weekly, monthly or special')),
  period,
  subject: scope.optional().describe('Special reports: the matter, e.g. category:12 or territory:5'),
});

export const ReportParam = z.object({ id: z.coerce.number(bi('报告须为数字 ID', 'A report id is a number')).int().positive() });

export const WarningsQuery = z.object({
  status: z.enum(['open', 'acknowledged', 'all'], bi('status 须为 open、acknowledged 或 all', 'status must be open, acknowledged or all')).default('open'),
  from: date('起始日期', 'from').optional(),
  to: date('截止日期', 'to').optional().describe('Last day, inclusive'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const WarningParam = z.object({ id: z.coerce.number().int().positive() });
export const AcknowledgeBody = z.strictObject({ note: optionalText(500, '处置说明', 'Note') }).default({ note: null });
