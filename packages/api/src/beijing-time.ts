// How a person reads a time, on every page and in every language: Beijing time (UTC+8, no daylight
// saving since 1991) with the zone named — buyers abroad must not mistake it for their own clock.
// Computed by hand, not with Intl, so every browser and the server print the same text.

const BEIJING_OFFSET_MS = 8 * 3600_000;
export const BEIJING_ZONE_LABEL = { 'zh-CN': '北京时间', 'zh-HK': '北京時間', en: 'Beijing time' } as const;
export type ZoneLanguage = keyof typeof BEIJING_ZONE_LABEL;

const shifted = (at: string | number | Date) => new Date(new Date(at).getTime() + BEIJING_OFFSET_MS).toISOString();

/** 2026-11-29 22:41 北京时间 (seconds: 22:41:05) */
export function formatBeijingTime(
  at: string | number | Date,
  o: { seconds?: boolean; lang?: ZoneLanguage } = {},
): string {
  const s = shifted(at);
  return `${s.slice(0, 10)} ${s.slice(11, o.seconds ? 19 : 16)} ${BEIJING_ZONE_LABEL[o.lang ?? 'zh-CN']}`;
}

/** the calendar date in Beijing, YYYY-MM-DD */
export const beijingDate = (at: string | number | Date): string => shifted(at).slice(0, 10);
