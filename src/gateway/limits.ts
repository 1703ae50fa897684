// Per-caller rate limits (rate-limiter-flexible, in memory): requests per minute are counted when a
// request is admitted; upstream tokens per minute are counted when its usage is known, and a
// caller already at its limit is refused until its window ends.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type LimitVerdict = { ok: true } | { ok: false; kind: 'requests' | 'tokens'; retryAfterS: number };

export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterMemory>();

  private limiter(kind: 'rpm' | 'tpm', points: number): RateLimiterMemory {
    const key = `${kind}:${points}`;
    let l = this.limiters.get(key);
    if (!l) {
      l = new RateLimiterMemory({ points, duration: 60, keyPrefix: key });
      this.limiters.set(key, l);
    }
    return l;
  }

  /** Admit one request of `caller` (counts it) or say when to come back. */
  async admit(caller: string, rpm: number | undefined, tpm: number | undefined): Promise<LimitVerdict> {
    if (tpm !== undefined) {
      const used = await this.limiter('tpm', tpm).get(caller);
      if (used && used.consumedPoints >= tpm) return { ok: false, kind: 'tokens', retryAfterS: Math.max(1, Math.ceil(used.msBeforeNext / 1000)) };
    }
    if (rpm !== undefined) {
      try {
        await this.limiter('rpm', rpm).consume(caller, 1);
      } catch (err) {
        if (err instanceof RateLimiterRes) return { ok: false, kind: 'requests', retryAfterS: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
        throw err;
      }
    }
    return { ok: true };
  }

  /** Count the upstream tokens a request used. */
  async tokens(caller: string, tpm: number | undefined, n: number): Promise<void> {
    if (tpm === undefined || !(n > 0)) return;
    await this.limiter('tpm', tpm).penalty(caller, Math.ceil(n));
  }
}
