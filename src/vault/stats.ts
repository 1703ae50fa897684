// What every store's `stats` adds up: records by entity type and by key id.
import type { VaultStats } from './interface.js';

/** Counts records into VaultStats. Maps, not `{}[type]`: a type named "constructor" or "__proto__" counts like any other. */
export class StatsCounter {
  private records = 0;
  private readonly byType = new Map<string, number>();
  private readonly byKeyId = new Map<string, number>();

  add(type: string, keyId: string, n = 1): void {
    this.records += n;
    this.byType.set(type, (this.byType.get(type) ?? 0) + n);
    this.byKeyId.set(keyId, (this.byKeyId.get(keyId) ?? 0) + n);
  }

  /** The stats, as plain objects (own keys only). */
  stats(sessions: number): VaultStats {
    return { sessions, records: this.records, byType: Object.fromEntries(this.byType), byKeyId: Object.fromEntries(this.byKeyId) };
  }
}
