// Unusual use, per caller: requests and upstream tokens per minute against a moving baseline (an
// exponentially weighted mean of the caller's past minutes, idle minutes counting as zero), and a
// caller showing up from an address it has not used before. The clock is injectable, so tests (and
// replays) do not depend on wall-clock time.
import type { AlertEvent, AlertKind } from './audit.js';

export interface SpikeOptions {
  /** Alert when a minute's count exceeds `factor` × the baseline. Default 3. */
  factor?: number;
  /** Floors under the baseline, so a quiet caller's first busy minute is not an alert. Defaults 30 requests, 30 000 tokens. */
  minRequests?: number;
  minTokens?: number;
  /** Weight of the newest minute in the moving baseline. Default 0.2. */
  alpha?: number;
  /** Alert on a caller's first request from a new address (after its first one). Default true. */
  newIp?: boolean;
}

interface CallerState {
  minute: number;
  requests: number;
  tokens: number;
  baseRequests: number | undefined;
  baseTokens: number | undefined;
  alerted: Set<AlertKind>;
  ips: Set<string>;
}

const MAX_IPS = 1000;

export class SpikeDetector {
  private readonly state = new Map<string, CallerState>();
  private readonly factor: number;
  private readonly minRequests: number;
  private readonly minTokens: number;
  private readonly alpha: number;
  private readonly newIp: boolean;

  constructor(
    options: SpikeOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.factor = options.factor ?? 3;
    this.minRequests = options.minRequests ?? 30;
    this.minTokens = options.minTokens ?? 30_000;
    this.alpha = options.alpha ?? 0.2;
    this.newIp = options.newIp ?? true;
  }

  private roll(caller: string): CallerState {
    const minute = Math.floor(this.clock() / 60_000);
    let s = this.state.get(caller);
    if (!s) {
      s = { minute, requests: 0, tokens: 0, baseRequests: undefined, baseTokens: undefined, alerted: new Set(), ips: new Set() };
      this.state.set(caller, s);
      return s;
    }
    if (minute > s.minute) {
      const ewma = (base: number | undefined, x: number): number => (base === undefined ? x : this.alpha * x + (1 - this.alpha) * base);
      s.baseRequests = ewma(s.baseRequests, s.requests);
      s.baseTokens = ewma(s.baseTokens, s.tokens);
      // Idle minutes pull the baseline down (at most an hour's worth matters).
      for (let m = s.minute + 1; m < Math.min(minute, s.minute + 61); m++) {
        s.baseRequests = ewma(s.baseRequests, 0);
        s.baseTokens = ewma(s.baseTokens, 0);
      }
      s.minute = minute;
      s.requests = 0;
      s.tokens = 0;
      s.alerted.clear();
    }
    return s;
  }

  private alert(kind: AlertKind, caller: string, extra: Partial<AlertEvent>): AlertEvent {
    return { v: 1, time: new Date(this.clock()).toISOString(), op: 'alert', kind, caller, ...extra };
  }

  /** One admitted request. Returns the alerts it raises. */
  request(caller: string, ip: string | undefined, env?: string): AlertEvent[] {
    const s = this.roll(caller);
    const out: AlertEvent[] = [];
    const envPart = env ? { env } : {};
    if (ip && this.newIp) {
      if (!s.ips.has(ip)) {
        if (s.ips.size > 0) out.push(this.alert('new-ip', caller, { ...envPart, ip }));
        if (s.ips.size < MAX_IPS) s.ips.add(ip);
      }
    }
    s.requests++;
    const limit = this.factor * Math.max(s.baseRequests ?? 0, this.minRequests);
    if (s.requests > limit && !s.alerted.has('request-spike')) {
      s.alerted.add('request-spike');
      out.push(this.alert('request-spike', caller, { ...envPart, observed: s.requests, baseline: round(s.baseRequests ?? 0), factor: this.factor }));
    }
    return out;
  }

  /** Upstream tokens a request of the caller used. Returns the alerts they raise. */
  tokens(caller: string, n: number, env?: string): AlertEvent[] {
    const s = this.roll(caller);
    s.tokens += n;
    const limit = this.factor * Math.max(s.baseTokens ?? 0, this.minTokens);
    if (s.tokens > limit && !s.alerted.has('token-spike')) {
      s.alerted.add('token-spike');
      return [this.alert('token-spike', caller, { ...(env ? { env } : {}), observed: s.tokens, baseline: round(s.baseTokens ?? 0), factor: this.factor })];
    }
    return [];
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
