/** `kavach <name>` for a name that is no command, Object.prototype's member names included. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/bin.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an unknown command', () => {
  it.each(['nosuch', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('"%s" is a usage error (exit 2) with the help', async (name) => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    expect(await main([name])).toBe(2);
    expect(err).toContain(`kavach: unknown command "${name}"`);
    expect(err).toContain('Usage: kavach <command> [options]');
  });
});
