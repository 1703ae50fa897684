import type { Vault } from '../vault/interface.js';
import { emitAudit } from './index.js';
import type { AuditContext, AuditOperation, AuditSink } from './event.js';

/**
 * A view of `vault` whose erasing and re-keying operations (forgetSession, forgetValue → `forget`,
 * purgeExpired → `purge`, rotateKey → `rotate`) each emit an audit event with the number of records
 * affected. Everything else passes straight through. The value given to forgetValue never enters
 * the event.
 */
export function auditVault(vault: Vault, sink: AuditSink, context: AuditContext = {}): Vault {
  const run = async <T>(op: AuditOperation, session: string | undefined, call: () => Promise<T>, affected: (r: T) => number): Promise<T> => {
    const start = performance.now();
    const startTime = new Date();
    const base = { op, start, startTime, session, caller: context.caller, purpose: context.purpose };
    let result: T;
    try {
      result = await call();
    } catch (error) {
      await emitAudit(sink, { ...base, error });
      throw error;
    }
    await emitAudit(sink, { ...base, affected: affected(result) });
    return result;
  };
  const wrapped: Partial<Vault> = {
    forgetSession: (session) => run('forget', session, () => vault.forgetSession(session), (n) => n),
    forgetValue: (value, options) => run('forget', undefined, () => vault.forgetValue(value, options), (n) => n),
    purgeExpired: () => run('purge', undefined, () => vault.purgeExpired(), (n) => n),
    rotateKey: (key) => run('rotate', undefined, () => vault.rotateKey(key), (r) => r.reencrypted),
  };
  return new Proxy(vault, {
    get(target, prop) {
      if (typeof prop === 'string' && Object.hasOwn(wrapped, prop)) return wrapped[prop as keyof Vault];
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
