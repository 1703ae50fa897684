/** A readable, aligned table of detected spans (the `detect` command on a terminal, and the demo). */
import type { Entity } from '../types.js';

export interface Row {
  line: number;
  label?: string;
  entity: Entity;
}

function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function formatTable(rows: readonly Row[], explain = false): string {
  const head = ['LINE', 'FIELD', 'TYPE', 'SCORE', 'TEXT', 'DETECTOR'];
  if (explain) head.push('WHY');
  const hasLabels = rows.some((r) => r.label !== undefined);
  const body = rows.map((r) => {
    const e = r.entity;
    const cells = [String(r.line), r.label ?? '', String(e.type), e.score.toFixed(2), clip(e.text, 40), e.detector];
    if (explain) {
      const x = e.explanation;
      const why = x
        ? [
            `pattern ${x.pattern} (${x.baseScore})`,
            x.validated === undefined ? '' : x.validated ? 'checksum ok' : 'checksum failed',
            x.context.length ? `context: ${x.context.join(', ')}` : '',
            ...(x.notes ?? []),
          ].filter(Boolean).join('; ')
        : '';
      cells.push(why);
    }
    return cells;
  });
  const keep = head.map((_, i) => i !== 1 || hasLabels);
  const all = [head, ...body].map((cells) => cells.filter((_, i) => keep[i]));
  const widths = all[0]!.map((_, i) => Math.max(...all.map((c) => c[i]!.length)));
  const lines = all.map((cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n') + '\n';
}
