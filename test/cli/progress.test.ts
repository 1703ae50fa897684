import { describe, expect, it } from 'vitest';
import { formatDuration, formatSummary, Progress } from '../../src/cli/progress.js';

function sink() {
  const chunks: string[] = [];
  return { chunks, stream: { write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WritableStream };
}

describe('Progress', () => {
  it('draws records, MB, MB/s and, with a known size, a bar, % and ETA', () => {
    let t = 0;
    const out = sink();
    const p = new Progress({ live: true, total: 10 * 1024 * 1024, stream: out.stream, now: () => t, interval: 100 });
    t = 2000;
    p.update(1000, 2 * 1024 * 1024);
    expect(out.chunks.at(-1)).toBe('\r\x1b[2K[####----------------] 20% 1000 records 2.0 MB 1.0 MB/s ETA 8s');
    t = 2050; // within the redraw interval: nothing drawn
    p.update(10, 2 * 1024 * 1024);
    expect(out.chunks).toHaveLength(1);
    p.clear();
    expect(out.chunks.at(-1)).toBe('\r\x1b[2K');
  });

  it('stays silent when not live (stderr not a terminal, or --quiet), but still counts', () => {
    const out = sink();
    const p = new Progress({ live: false, stream: out.stream });
    p.update(5, 100);
    p.countEntity('PAN', 2);
    p.clear();
    expect(out.chunks).toEqual([]);
    expect(p.summary()).toMatchObject({ records: 5, bytes: 100 });
  });

  it('omits %, bar and ETA for input of unknown size (stdin)', () => {
    const p = new Progress({ live: false, now: () => 0 });
    p.update(3, 1024 * 1024);
    expect(p.line(1000)).toBe('3 records 1.0 MB 1.0 MB/s');
  });

  it('summarises records, entities per type (most first), time and throughput', () => {
    const s = formatSummary({ records: 1200, skipped: 2, bytes: 3 * 1024 * 1024, ms: 1500, entities: new Map([['PAN', 3], ['AADHAAR', 7]]) });
    expect(s).toBe('kavach: scrubbed 1200 records (2 bad, skipped) in 1.50s — 3.00 MB, 2.00 MB/s, 800 records/s\n  entities: 10 (AADHAAR 7, PAN 3)\n');
    expect(formatDuration(125_000)).toBe('2m05s');
  });
});
