export const zhHK: Record<string, string> = {};
