import { useCallback, useMemo } from 'react';

/**
 * What a person has typed into a form and not yet sent, kept in this browser (localStorage) under a key naming the
 * form and its record, so that a refresh, Back or a closed drawer does not lose it. Only text the person typed is
 * kept; it never leaves this computer until they submit it.
 */
const PREFIX = 'plan-desk-draft:';

export function useLocalDraft<T extends object>(key: string) {
  const storageKey = PREFIX + key;
  const initial = useMemo(() => readDraft<T>(storageKey), [storageKey]);
  const save = useCallback(
    (values: T) => {
      try {
        localStorage.setItem(storageKey, JSON.stringify({ savedAt: Date.now(), values }));
      } catch {
        // Storage full or disabled: the form still works, only the safety net is gone.
      }
    },
    [storageKey],
  );
  const clear = useCallback(() => localStorage.removeItem(storageKey), [storageKey]);
  return { initial, save, clear };
}

function readDraft<T>(storageKey: string): Partial<T> | null {
  try {
    const stored = localStorage.getItem(storageKey);
    if (!stored) return null;
    const parsed = JSON.parse(stored) as { values?: unknown };
    return parsed.values && typeof parsed.values === 'object' ? (parsed.values as Partial<T>) : null;
  } catch {
    return null;
  }
}
