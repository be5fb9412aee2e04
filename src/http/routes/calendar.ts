// The official working-day calendar: the deadline calculator, and the days administrators keep.
import { z } from 'zod';
import { recordAdminEvent } from '../../app/admin.ts';
import type { AppContext } from '../../app/context.ts';
import { invalid, field } from '../../app/errors.ts';
import { addWorkingDays, formatShanghai, isValidDate, parseInstant } from '../../domain/calendar.ts';
import { calendarDays, replaceCalendarYear } from '../../store/calendar.ts';
import { getCatalog } from '../../store/catalog.ts';
import { bumpConfigVersion } from '../../store/config.ts';
import { bi } from '../../domain/fields.ts';
import { requireAbility, type App } from '../server.ts';

const DeadlineQuery = z.object({
  start: z.string(bi('请提供开始时间 start（ISO 8601）', 'start (ISO 8601 date-time) is required')),
  workdays: z.coerce.number(bi('workdays 须为整数', 'workdays must be an integer')).int(bi('workdays 须为整数', 'workdays must be an integer')).min(0, bi('workdays 不能为负数', 'workdays cannot be negative')).max(366, bi('workdays 不能超过 366', 'workdays must be at most 366')),
});

const DaysBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  days: z.array(z.strictObject({
    date: z.string().refine(isValidDate, bi('日期须为 YYYY-MM-DD', 'date must be YYYY-MM-DD')),
    isOffDay: z.boolean(),
    name: z.string().trim().min(1).max(50),
  })).max(100),
});

export function calendarRoutes(api: App, app: AppContext) {
  api.get('/api/calendar/deadline', {
    schema: {
      tags: ['calendar'], security: [], querystring: DeadlineQuery,
      summary: '计算办理时限 Deadline for N working days',
      description: 'Due at the end (24:00, Asia/Shanghai) of the Nth working day after the local day of `start`, on the official calendar (statutory holidays and make-up working days).',
    },
  }, async (req) => {
    const start = parseInstant(req.query.start);
    if (!start) throw invalid([field('query.start', 'start 须为 ISO 8601 时间，如 2026-09-30T10:00:00+08:00', 'start must be an ISO 8601 date-time, e.g. 2026-09-30T10:00:00+08:00')]);
    const catalog = await getCatalog(app.db);
    const deadline = addWorkingDays(start, req.query.workdays, catalog.calendar);
    return { deadline: formatShanghai(deadline), deadlineUtc: deadline.toISOString() };
  });

  api.get('/api/calendar/days', {
    schema: { tags: ['calendar'], summary: '节假日与调休 Holidays and make-up working days', querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) },
  }, async (req) => {
    requireAbility(req, 'config.read');
    return { items: await calendarDays(app.db, req.query.year) };
  });

  api.put('/api/calendar/days', {
    schema: {
      tags: ['calendar'], body: DaysBody,
      summary: '发布某年节假日安排 Set a year\'s holidays and make-up days (from the State Council notice)',
      description: 'Replaces every listed day of that year. Open orders have their deadlines recomputed by the background job.',
    },
  }, async (req) => {
    const user = requireAbility(req, 'config.write');
    const { year, days } = req.body;
    const errors = days.flatMap((d, i) => (d.date.startsWith(`${year}-`) || d.date.startsWith(`${year - 1}-12-`) ? [] : [field(`days.${i}.date`, `日期不属于 ${year} 年`, `The date is not in ${year}`)]));
    if (errors.length) throw invalid(errors);
    await app.db.transaction(async (tx) => {
      await replaceCalendarYear(tx, year, days);
      await recordAdminEvent(tx, user, app.clock.now(), 'calendar', year, 'set_year', days);
      await bumpConfigVersion(tx);
    });
    return { year, count: days.length };
  });
}
