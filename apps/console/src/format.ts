import { beijingDate, formatBeijingTime } from '@netsign/api';
/** Money is kept in fen, areas in 0.01 m²: shown in 元 and m². */
export const yuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined
    ? '—'
    : `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const area = (hundredths: number | null | undefined) =>
  hundredths === null || hundredths === undefined ? '—' : `${(hundredths / 100).toFixed(2)} m²`;
/** Beijing time with the zone named (docs/CONSOLE.md: every time a person reads). */
export const dateTime = (s: string | null | undefined) => (s ? formatBeijingTime(s) : '—');
export const date = (s: string | null | undefined) => (s ? beijingDate(s) : '—');
/** A deadline is the instant its last day ends (24:00 in Shanghai): show that last day, not the next. */
export const lastDay = (endsAt: string | null | undefined) =>
  endsAt ? date(new Date(Date.parse(endsAt) - 1).toISOString()) : '—';
