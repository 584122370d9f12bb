import type { ChannelInput } from '../../../src-main/api/contract';

/** The person this window or tab acts as: chosen at first run, sent with every call, checked by the main side. */
export type Profile = ChannelInput<'identity.check'>;

const STORAGE_KEY = 'plan-desk-profile';

/**
 * Holds the profile for this window or tab. It is read from storage once, at start, and kept in memory: choosing
 * another identity in a second tab changes what new tabs start with, never what this one sends — a record is saved
 * under the person this page shows.
 */
export class ProfileStore {
  private current: Profile | null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {
    this.current = readStored(storage);
  }

  get(): Profile | null {
    return this.current;
  }

  set(profile: Profile | null): void {
    this.current = profile;
    if (profile) this.storage.setItem(STORAGE_KEY, JSON.stringify(profile));
    else this.storage.removeItem(STORAGE_KEY);
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function readStored(storage: Pick<Storage, 'getItem'>): Profile | null {
  try {
    const parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as unknown;
    // Only the shape is checked here; the main side checks the unit on every call.
    if (parsed && typeof parsed === 'object' && 'role' in parsed && (parsed.role === 'office' || parsed.role === 'unit')) return parsed as Profile;
  } catch {
    // A damaged entry is as good as none: the first-run dialog asks again.
  }
  return null;
}
