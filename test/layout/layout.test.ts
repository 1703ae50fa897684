// The layout issue's rules, checked on every file of src/: the folders show the pipeline
// (text → detect → resolve → decide → transform → vault → restore), a stage imports only earlier
// stages and the shared leaves, nothing imports in a circle (type-only imports count), and no file
// is over 400 lines (word lists and tables belong in patterns/).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');

function walk(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(relative(SRC, p).split('\\').join('/'));
  }
  return out;
}

const FILES = walk(SRC).sort();
// Every static, dynamic and re-export specifier; `import type` included (a cycle of types is still a cycle).
const SPEC = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const out = new Set<string>();
  for (const m of text.matchAll(SPEC)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec || !spec.startsWith('.')) continue;
    const target = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts');
    if (target.startsWith('..')) continue; // patterns/*.json and package.json live outside src/
    if (target.endsWith('.json')) continue;
    out.add(target);
  }
  return [...out];
}

const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

/** A file's unit: its top-level folder under src/, or the file itself at the top. */
const unit = (f: string): string => (f.includes('/') ? f.slice(0, f.indexOf('/')) : f);

const STAGES = ['text', 'detect', 'resolve', 'decide', 'transform', 'vault', 'restore'] as const;
const LEAVES = new Set(['types.ts', 'errors.ts', 'token.ts', 'node-require.ts', 'hmac.ts', 'sort.ts', 'detach.ts']);

/** Strongly connected components with more than one member (or a self-import): Tarjan. */
function cycles(nodes: readonly string[], edges: (n: string) => readonly string[]): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || edges(v).includes(v)) out.push(scc.sort());
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  return out;
}

describe('src/ layout', () => {
  it('finds the files and their imports (the checks below are not vacuous)', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(GRAPH.get('index.ts')!.length).toBeGreaterThan(10);
    for (const s of STAGES) expect(FILES.some((f) => f.startsWith(`${s}/`))).toBe(true);
  });

  it('every relative import resolves to a file in src/', () => {
    const missing = [...GRAPH].flatMap(([f, ts]) => ts.filter((t) => !GRAPH.has(t)).map((t) => `${f} → ${t}`));
    expect(missing).toEqual([]);
  });

  it('has no import cycle between files (type-only imports included)', () => {
    expect(cycles(FILES, (f) => GRAPH.get(f) ?? [])).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const units = [...new Set(FILES.map(unit))];
    const edges = new Map(units.map((u) => [u, new Set<string>()]));
    for (const [f, ts] of GRAPH) for (const t of ts) if (unit(t) !== unit(f)) edges.get(unit(f))!.add(unit(t));
    expect(cycles(units, (u) => [...edges.get(u)!])).toEqual([]);
  });

  it('a stage imports only earlier stages and the shared leaves (text/ imports nothing else)', () => {
    const rank = (u: string): number => STAGES.indexOf(u as (typeof STAGES)[number]);
    const bad: string[] = [];
    for (const [f, ts] of GRAPH) {
      const from = rank(unit(f));
      if (from < 0) continue; // shells and root files may import any stage
      for (const t of ts) {
        const to = unit(t);
        if (to === unit(f)) continue;
        if (from === 0) bad.push(`${f} → ${t} (text/ imports nothing else from kavach)`);
        else if (!LEAVES.has(to) && !(rank(to) >= 0 && rank(to) < from)) bad.push(`${f} → ${t}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no file in src/ is over 400 lines', () => {
    const long = FILES.map((f) => ({ f, n: readFileSync(join(SRC, f), 'utf8').split('\n').length - 1 })).filter((x) => x.n > 400);
    expect(long.map((x) => `${x.f}: ${x.n}`)).toEqual([]);
  });

  it('the shared leaves import nothing but each other', () => {
    const bad = [...LEAVES].flatMap((l) => (GRAPH.get(l) ?? []).filter((t) => !LEAVES.has(t)).map((t) => `${l} → ${t}`));
    expect(bad).toEqual([]);
  });
});

