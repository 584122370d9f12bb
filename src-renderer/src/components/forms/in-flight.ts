import { useCallback, useRef, useState } from 'react';

/**
 * Runs one submission at a time: a second click while the first is still being prepared (files read) or sent is
 * ignored, and `busy` disables the button. A ref, not only state: two clicks 30 ms apart both run before React
 * re-renders the button as disabled.
 */
export function useInFlight(): { busy: boolean; run: (work: () => Promise<unknown>) => Promise<void> } {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await work();
    } catch {
      // The work reports its own failure (a message on the page); the guard only has to be released.
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
