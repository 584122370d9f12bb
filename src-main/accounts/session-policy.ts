/** How long a log-in lasts and when repeated failures lock an account or a client address. */
export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMinutes: number;
  /** A session ends this long after log-in, used or not. */
  absoluteHours: number;
  /** Consecutive wrong passwords that lock an account … */
  accountFailures: number;
  /** … failed log-ins from one address (any accounts) within lockMinutes that refuse it … */
  addressFailures: number;
  /** … and for how long, unless the admin unlocks it first. */
  lockMinutes: number;
}

export const DEFAULT_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12, accountFailures: 5, addressFailures: 20, lockMinutes: 15 };
