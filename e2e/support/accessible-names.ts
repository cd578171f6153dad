// Issue 16 item 12: what a screen reader announces. Reads the page's accessibility tree from
// Chromium (CDP) and returns the controls whose names carry an icon's name ("证件号码 question-circle",
// "close 买受人") or that have no name at all.
import type { Page } from 'playwright-core';

const CONTROLS = new Set([
  'button',
  'link',
  'textbox',
  'combobox',
  'checkbox',
  'radio',
  'switch',
  'tab',
  'menuitem',
  'spinbutton',
  'searchbox',
  'slider',
]);
// antd and antd-mobile icons label themselves with their file name: lower-case words joined by dashes
const ICON_NAME =
  /(^|\s)(question-circle|close|close-circle|plus|minus|check|check-circle|exclamation-circle|info-circle|left|right|down|up|search|upload|download|delete|edit|eye|eye-invisible|loading|reload|calendar|clock-circle|file|paper-clip|camera|scan|user|logout|setting|home|menu|ellipsis|[a-z]+(-[a-z]+)+)(\s|$)/;

export interface NameProblem {
  role: string;
  name: string;
  problem: 'icon name in accessible name' | 'no accessible name';
}

export async function accessibleNameProblems(page: Page): Promise<NameProblem[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored?: boolean; role?: { value?: string }; name?: { value?: string } }[];
    };
    const out: NameProblem[] = [];
    for (const n of nodes) {
      const role = String(n.role?.value ?? '');
      if (n.ignored || !CONTROLS.has(role)) continue;
      const name = String(n.name?.value ?? '').trim();
      if (!name) out.push({ role, name, problem: 'no accessible name' });
      else if (ICON_NAME.test(name)) out.push({ role, name, problem: 'icon name in accessible name' });
    }
    return out;
  } finally {
    await cdp.detach();
  }
}
