// Copies compromise's own word lexicon (its `model().one.lexicon` as shipped, before kavach adds any
// names) into patterns/nlp-lexicon.json, so the PERSON rules can ask "does compromise know this word,
// and with which tags?" without loading compromise. Loading it cost ≈ 0.25-0.4 s of CPU in every
// process and worker thread whose text held one unknown capitalised word in a name context, and the
// gated path (the default) never parses with it: it only reads this lexicon
// (src/detect/detectors/person/nlp.ts). compromise still loads for a full parse (gating off).
//
//   npx tsx patterns/tools/nlp-lexicon.ts            write patterns/nlp-lexicon.json
//   npx tsx patterns/tools/nlp-lexicon.ts --check    exit 1 (with a message) when it is stale
//   --out <file>                                     another target (tests)
//
// Kept: every entry whose key is one word (no whitespace): a token key never holds a space. Entries
// are grouped by their tag list (compromise gives a tag or a list of tags), in compromise's order.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NlpLexiconFile {
  about: string;
  source: { package: string; version: string; licence: string };
  count: number;
  /** Words (space-separated) that share one tag list. */
  groups: Array<{ tags: string[]; words: string }>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_OUT = join(ROOT, 'patterns', 'nlp-lexicon.json');

type Lexicon = Record<string, string | string[]>;

/** compromise's shipped lexicon, freshly loaded (no words added). */
function shippedLexicon(): { version: string; lexicon: Lexicon } {
  const require = createRequire(import.meta.url);
  const lib = require('compromise') as { model(): { one: { lexicon: Lexicon } }; version: string };
  return { version: lib.version, lexicon: lib.model().one.lexicon };
}

export function build(): NlpLexiconFile {
  const { version, lexicon } = shippedLexicon();
  const groups = new Map<string, { tags: string[]; words: string[] }>();
  let count = 0;
  for (const word of Object.keys(lexicon)) {
    if (/\s/.test(word) || word === '') continue;
    const v = lexicon[word]!;
    const tags = typeof v === 'string' ? [v] : [...v];
    const key = tags.join('\u0000');
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { tags, words: [] }));
    g.words.push(word);
    count++;
  }
  return {
    about:
      "compromise's word lexicon (model().one.lexicon as shipped, one-word keys) copied by patterns/tools/nlp-lexicon.ts for src/detect/detectors/person/nlp.ts. Generated: do not edit; after upgrading compromise run the tool again (its --check fails while this file is stale).",
    source: { package: 'compromise', version, licence: 'MIT (compromise, Spencer Kelly)' },
    count,
    groups: [...groups.values()].map((g) => ({ tags: g.tags, words: g.words.join(' ') })),
  };
}

export function render(t: NlpLexiconFile): string {
  return `${JSON.stringify(t, null, 1)}\n`;
}

export function check(file: string): number {
  const fresh = render(build());
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: stale
  }
  if (current === fresh) return 0;
  let was = 'nothing';
  try {
    was = `compromise ${(JSON.parse(current) as NlpLexiconFile).source.version}`;
  } catch {
    // unreadable: stale
  }
  process.stderr.write(`${file} is stale: built from ${was}, installed compromise ${(JSON.parse(fresh) as NlpLexiconFile).source.version}; run npx tsx patterns/tools/nlp-lexicon.ts and commit it\n`);
  return 1;
}

function main(argv: readonly string[]): number {
  const at = argv.indexOf('--out');
  const out = at >= 0 ? argv[at + 1]! : DEFAULT_OUT;
  if (argv.includes('--check')) return check(out);
  const t = build();
  writeFileSync(out, render(t));
  process.stdout.write(`${out}: ${t.count} words in ${t.groups.length} tag groups from compromise ${t.source.version}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
