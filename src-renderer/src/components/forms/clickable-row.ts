import type { HTMLAttributes, KeyboardEvent } from 'react';

/** A table row that opens something on click, reachable and usable by keyboard too (Tab, then Enter or Space). */
export function clickableRow(open: () => void, label: string): HTMLAttributes<HTMLElement> {
  return {
    onClick: open,
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.target !== event.currentTarget) return;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      }
    },
    tabIndex: 0,
    'aria-label': label,
    style: { cursor: 'pointer' },
  };
}
