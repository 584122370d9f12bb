import type { KeyboardEvent } from 'react';

/**
 * Enter in a date field confirms the typed date; it must not also submit the whole form (the browser's implicit
 * submission, when the form has a submit button). Put on a <Form> as onKeyDown.
 */
export function keepEnterInDateFields(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Enter') return;
  const target = event.target as HTMLElement;
  if (target.closest('.ant-picker')) event.preventDefault();
}
