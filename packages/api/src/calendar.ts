import { addCalendarDays } from '@netsign/domain/deadlines';
import { z, ZDate, ZInstant } from './zod';

const isRealDate = (d: string) =>
  !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
const Day = ZDate; // YYYY-MM-DD of a real day
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

/**
 * One year's 节假日安排 (packages/domain/calendars/<year>.json, or an administrator's upload):
 * the State Council notice it comes from, the days off by festival, the weekend days worked.
 */
export const ZCalendarYear = z
  .object({
    year: z.number().int().min(2000).max(2099),
    provisional: z.boolean().default(false),
    source: z
      .object({
        /** e.g. 国务院办公厅关于2027年部分节假日安排的通知 */
        title: z.string().trim().min(6).max(200),
        issuedAt: Day,
        publisher: z.string().trim().max(100).optional(),
        url: z.url().max(500).optional(),
      })
      .strict(),
    holidays: z
      .array(z.object({ name: z.string().trim().min(1).max(40), from: Day, to: Day }).strict())
      .min(1)
      .max(40),
    workdays: z.array(z.object({ date: Day, name: z.string().trim().min(1).max(40) }).strict()).max(40),
  })
  .strict()
  .superRefine((c, ctx) => {
    // a notice may begin 元旦 in the last days of the year before (e.g. 2018-12-30 for 2019)
    const inYear = (d: string) => d >= `${c.year - 1}-12-01` && d <= `${c.year + 1}-01-31`;
    const off = new Set<string>();
    c.holidays.forEach((h, i) => {
      if (!isRealDate(h.from) || !isRealDate(h.to)) return;
      if (!inYear(h.from))
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'from'], message: `不在 ${c.year} 年内` });
      if (!inYear(h.to)) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: `不在 ${c.year} 年内` });
      if (h.to < h.from) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: '结束日期早于开始日期' });
      else if (addCalendarDays(h.from, 15) <= h.to)
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: '一次放假不应超过 15 天' });
      else for (let d = h.from; d <= h.to; d = addCalendarDays(d, 1)) off.add(d);
    });
    c.workdays.forEach((w, i) => {
      if (!isRealDate(w.date)) return;
      if (!inYear(w.date))
        ctx.addIssue({ code: 'custom', path: ['workdays', i, 'date'], message: `不在 ${c.year} 年内` });
      else if (![0, 6].includes(weekday(w.date)))
        ctx.addIssue({ code: 'custom', path: ['workdays', i, 'date'], message: '调休上班日应为周六或周日' });
      else if (off.has(w.date))
        ctx.addIssue({ code: 'custom', path: ['workdays', i, 'date'], message: '该日同时列为放假日' });
    });
  });
export type TCalendarYear = z.infer<typeof ZCalendarYear>;

/** What an administrator uploads: a published notice, never an estimate (the server makes those). */
export const ZLoadCalendarYearRequest = ZCalendarYear.refine((c) => !c.provisional, {
  path: ['provisional'],
  message: '暂估年份由系统按法定节假日生成，请上传国务院办公厅正式发布的安排',
});

// —— answers ——

const ZCalendarSourceView = z.object({
  title: z.string(),
  issuedAt: ZDate,
  publisher: z.string().optional(),
  url: z.string().optional(),
});
/** A year's 节假日安排 as the calendar holds it (the file format, without the upload's checks). */
export const ZCalendarYearView = z.object({
  year: z.number().int(),
  provisional: z.boolean(),
  source: ZCalendarSourceView,
  holidays: z.array(z.object({ name: z.string(), from: ZDate, to: ZDate })),
  workdays: z.array(z.object({ date: ZDate, name: z.string() })),
});
/** 管理 → 节假日安排: every year the calendar knows, and where each comes from. */
export const ZCalendarOverview = z.object({
  /** this year or next, when only estimated (no notice loaded) */
  provisionalNow: z.array(z.number().int()),
  years: z.array(
    ZCalendarYearView.extend({
      origin: z.enum(['shipped', 'loaded', 'estimated']),
      loadedBy: z.string().nullable(),
      loadedAt: ZInstant.nullable(),
    }),
  ),
});
export type TCalendarOverview = z.infer<typeof ZCalendarOverview>;
/** A loaded year: its version (every instance reloads when it grows) and the open cases counted again. */
export const ZCalendarYearLoaded = z.object({
  year: z.number().int(),
  version: z.number().int(),
  source: ZCalendarSourceView,
  casesRecomputed: z.number().int(),
});
