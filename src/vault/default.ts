// The process-wide vault plain calls use when they are given none (anonymise, deanonymise, streams,
// records): one in-memory vault, created on first use, replaceable at start-up.
import type { Vault } from './interface.js';
import { createMemoryVault } from './memory.js';

let defaultVault: Vault | undefined;

/** The process-wide vault used when no `vault` option is given (in-memory, created on first use). */
export function getDefaultVault(): Vault {
  defaultVault ??= createMemoryVault();
  return defaultVault;
}

/** Replace the process-wide default vault (e.g. with a SQLite one at start-up). */
export function setDefaultVault(vault: Vault | undefined): void {
  defaultVault = vault;
}
