/**
 * Request ids for creating calls, one per user action. A double-click sends the same call twice before the first
 * answer: while a call with the same input is still under way, the second gets the same id, so the server answers it
 * with the first one's result instead of saving a second report or issuing a second 督办 number. Once the call is
 * answered, the next click is a new action with a new id.
 */
export class ActionIds {
  private readonly pending = new Map<string, { id: string; calls: number }>();

  constructor(private readonly newId: () => string = randomId) {}

  /** The id for a call with this input (its JSON): the one under way, or a new one. */
  begin(key: string): string {
    const entry = this.pending.get(key);
    if (entry) {
      entry.calls++;
      return entry.id;
    }
    const id = this.newId();
    this.pending.set(key, { id, calls: 1 });
    return id;
  }

  /** The call with this input was answered. */
  end(key: string): void {
    const entry = this.pending.get(key);
    if (entry && --entry.calls === 0) this.pending.delete(key);
  }
}

/** The key of a call: its input as JSON (the same click sends the same input). */
export function actionKey(input: unknown): string {
  return JSON.stringify(input) ?? '';
}

/**
 * 128 random bits as hex. crypto.getRandomValues, not randomUUID: the shared server on plain http at an intranet
 * address is not a "secure context", where browsers leave randomUUID out.
 */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
