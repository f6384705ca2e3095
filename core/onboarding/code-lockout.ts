/** Brute-force protection for invite codes: 5 wrong tries within 15 minutes lock further tries for 15 minutes. */
export const LOCKOUT = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;

export type LockoutPolicy = { maxFailures: number; windowMs: number; lockMs: number };

/**
 * When the account is locked, the instant the lock ends; otherwise undefined.
 * `failures` are the failed attempts' times (any order) of at least the last windowMs + lockMs.
 */
export function lockedUntil(failures: readonly Date[], now: Date, policy: LockoutPolicy = LOCKOUT): Date | undefined {
  const times = failures.map((d) => d.getTime()).sort((a, b) => a - b);
  for (let last = times.length - 1; last >= policy.maxFailures - 1; last--) {
    const first = times[last - policy.maxFailures + 1]!;
    const end = times[last]!;
    if (end - first <= policy.windowMs && end + policy.lockMs > now.getTime()) return new Date(end + policy.lockMs);
  }
  return undefined;
}

/** Tries left before a lock, counting the failures inside the current window. */
export function triesLeft(failures: readonly Date[], now: Date, policy: LockoutPolicy = LOCKOUT): number {
  const recent = failures.filter((d) => now.getTime() - d.getTime() < policy.windowMs).length;
  return Math.max(0, policy.maxFailures - recent);
}
