import { SHIPPED_CALENDAR_YEARS, chinaWorkCalendar, shanghaiDate, yearOf } from '@netsign/domain';

/** The shipped arrangements, next year estimated when not published. */
export const shippedCalendar = (now: Date) => chinaWorkCalendar(SHIPPED_CALENDAR_YEARS, { provisionalThrough: yearOf(shanghaiDate(now)) + 1 });
