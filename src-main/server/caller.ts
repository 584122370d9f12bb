import type { Caller } from '../api/handler.types';

/**
 * Who a browser-mode call comes from, as the tab says (header `x-plan-desk-profile`: the URI-encoded JSON of the
 * profile chosen in that tab). Only read here; the dispatcher checks it. Undefined when the header cannot be
 * decoded, so the door can answer 400 instead of guessing.
 */
export function localCallerFrom(header: string | undefined): Caller | undefined {
  if (header === undefined || header === '') return { kind: 'nobody' };
  try {
    return { kind: 'local', profile: JSON.parse(decodeURIComponent(header)) as unknown };
  } catch {
    return undefined;
  }
}
