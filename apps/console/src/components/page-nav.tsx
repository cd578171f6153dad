import { cloneElement, isValidElement } from 'react';
import type { PaginationProps } from 'antd';

// antd's page arrows are buttons whose only content is an icon, so a screen reader announced
// "left" / "right" (issue 16 item 12): each gets its name in words.
const NAMES: Partial<Record<string, string>> = {
  prev: '上一页',
  next: '下一页',
  'jump-prev': '向前 5 页',
  'jump-next': '向后 5 页',
};

const itemRender: PaginationProps['itemRender'] = (_page, type, original) => {
  const name = NAMES[type];
  return name && isValidElement(original)
    ? cloneElement(original as React.ReactElement<Record<string, unknown>>, { 'aria-label': name })
    : original;
};

/** A table's or list's pagination with named arrows. */
export const pageNav = <T extends PaginationProps>(p: T): T => ({ itemRender, ...p });
