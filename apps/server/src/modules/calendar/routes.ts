import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DomainError } from '@netsign/domain';
import { ZCalendarOverview, ZCalendarYearLoaded, ZCalendarYearView } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { staff } from '../../http/auth';
import { answers, type JsonZodTypeProvider } from '../../http/json-answers';
import { calendarYears } from './tables';
import { loadCalendarYear } from './load-calendar-year';
import { provisionalNow } from './work-calendar';

const tags = ['calendar'];
/** any text: the year is checked after the caller's role (pathYear) */
const YearParam = z.object({ year: z.string() });

/** The year in the path, checked after the caller's role so a stranger learns nothing from a 400. */
function pathYear(raw: unknown): number {
  const year = Number(raw);
  if (!/^\d{4}$/.test(String(raw)) || year < 2000 || year > 2099)
    throw new DomainError('VALIDATION_FAILED', '路径参数有误：年份应为 2000–2099 的四位数字', 400, [
      { field: 'year', code: 'INVALID_FORMAT', message: 'year：年份应为 2000–2099 的四位数字' },
    ]);
  return year;
}

export async function calendarRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();
  // 管理 → 节假日安排: what the calendar knows, year by year, and where each year comes from
  app.get(
    '/api/admin/calendar',
    { schema: { tags, summary: '节假日安排（各年份来源）', response: answers({ 200: ZCalendarOverview }) } },
    async (req) => {
      staff(req, 'admin');
      const calendar = await ctx.calendar.current(ctx.db);
      const loaded = new Map(
        (
          await ctx.db
            .select({ year: calendarYears.year, loadedBy: calendarYears.loadedBy, loadedAt: calendarYears.loadedAt })
            .from(calendarYears)
        ).map((r) => [r.year, r]),
      );
      return {
        provisionalNow: provisionalNow(calendar, ctx.clock.now()),
        years: [...calendar.arrangements.values()].map((y) => ({
          year: y.year,
          provisional: y.provisional,
          source: y.source,
          origin: y.provisional
            ? ('estimated' as const)
            : loaded.has(y.year)
              ? ('loaded' as const)
              : ('shipped' as const),
          loadedBy: loaded.get(y.year)?.loadedBy ?? null,
          loadedAt: loaded.get(y.year)?.loadedAt ?? null,
          holidays: y.holidays,
          workdays: y.workdays,
        })),
      };
    },
  );

  app.get(
    '/api/admin/calendar/:year',
    {
      schema: {
        tags,
        summary: '某年节假日安排（文件格式）',
        params: YearParam,
        response: answers({ 200: ZCalendarYearView }),
      },
    },
    async (req) => {
      staff(req, 'admin');
      const year = pathYear(req.params.year);
      const y = (await ctx.calendar.current(ctx.db)).arrangements.get(year);
      if (!y) throw new DomainError('NOT_FOUND', `尚无 ${year} 年的节假日安排`, 404);
      return y;
    },
  );

  app.put(
    '/api/admin/calendar/:year',
    {
      schema: {
        tags,
        summary: '导入某年节假日安排（国务院办公厅通知）',
        params: YearParam,
        response: answers({ 200: ZCalendarYearLoaded }),
      },
    },
    async (req) => loadCalendarYear(ctx, staff(req, 'admin'), pathYear(req.params.year), req.body),
  );

  // Said on every start while this or next year has no published arrangement loaded
  const years = provisionalNow(await ctx.calendar.current(ctx.db), ctx.clock.now());
  if (years.length) {
    ctx.log.warn(
      { provisionalYears: years },
      `calendar: no State Council arrangement loaded for ${years.join(', ')}; deadlines reaching into ${years.length > 1 ? 'them' : 'it'} are estimated from the statutory holidays (load the notice: PUT /api/admin/calendar/<year>, docs/OPERATIONS.md)`,
    );
  }
}
