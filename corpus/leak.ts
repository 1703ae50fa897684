// Leak rate: the share of labelled values still verbatim in the output of `anonymise` under a policy
// preset. Only the types the preset is meant to change count (the `llm` preset keeps HEALTH, AGE
// and CITY on purpose, so they are not leaks there). "Verbatim" means the value's exact text appears
// in the output with no letter or digit glued on either side; a value that also occurs elsewhere in
// the record unlabelled would count as leaked, so the figure is an upper bound.
import { anonymise } from '../src/index.js';
import { PRESETS, type PresetName } from '../src/decide/presets.js';
import type { CorpusRecord } from './gen/builder.js';

export interface LeakCounts { values: number; leaked: number }
export interface LeakReport { preset: string; values: number; leaked: number; rate: number; byType: Record<string, LeakCounts & { rate: number }> }

/** The entity types a preset leaves as they are (action `keep`). */
export function keptTypes(preset: PresetName): Set<string> {
  const entities = PRESETS[preset].entities as Record<string, { action: string }>;
  return new Set(Object.entries(entities).filter(([, r]) => r.action === 'keep').map(([t]) => t));
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/** True when `value` occurs in `out` as a whole (no letter or digit right before or after it). */
export function verbatim(out: string, value: string): boolean {
  for (let i = out.indexOf(value); i >= 0; i = out.indexOf(value, i + 1)) {
    if (!isWordChar(out[i - 1]) && !isWordChar(out[i + value.length])) return true;
  }
  return false;
}

export async function leakRate(records: readonly CorpusRecord[], preset: PresetName): Promise<LeakReport> {
  const kept = keptTypes(preset);
  const byType: Record<string, LeakCounts> = {};
  let values = 0;
  let leaked = 0;
  for (const rec of records) {
    const spans = rec.spans.filter((s) => !kept.has(s.type));
    if (spans.length === 0) continue;
    const { text: out } = await anonymise(rec.text, { policy: preset });
    for (const s of spans) {
      const c = (byType[s.type] ??= { values: 0, leaked: 0 });
      c.values++;
      values++;
      if (verbatim(out, rec.text.slice(s.start, s.end))) {
        c.leaked++;
        leaked++;
      }
    }
  }
  const withRates = Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))
    .map(([t, c]) => [t, { ...c, rate: c.values ? c.leaked / c.values : 0 }]));
  return { preset, values, leaked, rate: values ? leaked / values : 0, byType: withRates };
}

export function formatLeaks(title: string, reports: readonly LeakReport[]): string {
  const lines = [`leak rate (${title}): labelled values still verbatim after anonymise, types each preset keeps excluded`];
  for (const r of reports) {
    lines.push(`  ${r.preset.padEnd(8)} ${(100 * r.rate).toFixed(2).padStart(6)}%  (${r.leaked} of ${r.values})`);
  }
  const llm = reports.find((r) => r.preset === 'llm');
  if (llm) {
    const worst = Object.entries(llm.byType).filter(([, c]) => c.leaked > 0).sort((a, b) => b[1].rate - a[1].rate)
      .map(([t, c]) => `${t} ${(100 * c.rate).toFixed(1)}% (${c.leaked}/${c.values})`);
    lines.push(`  llm by type: ${worst.length ? worst.join(', ') : 'none leaked'}`);
  }
  return lines.join('\n');
}
