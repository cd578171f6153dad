// The few parts of lunar-javascript (MIT, 6tail) the statutory calendar uses; the package ships no types.
declare module 'lunar-javascript' {
  interface SolarDay {
    toYmd(): string;
  }
  export const Lunar: {
    fromYmd(
      year: number,
      month: number,
      day: number,
    ): { getSolar(): SolarDay; getJieQiTable(): Record<string, SolarDay> };
  };
  export const I18n: { getMessage(key: string): string };
}
