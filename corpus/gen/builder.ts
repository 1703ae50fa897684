// Text assembly with computed offsets: a record is built by appending plain pieces and entity pieces;
// each entity's span is recorded from the running UTF-16 length, so no offset is ever typed by hand.

export interface Span {
  type: string;
  start: number;
  end: number;
}

export interface CorpusRecord {
  id: string;
  text: string;
  spans: Span[];
  kind: string;
  template: string;
  negative?: true;
}

/** A labelled value. Generators return these; the builder turns them into spans. */
export interface Ent {
  readonly type: string;
  readonly value: string;
}

/** Anything a template can append: text, a labelled value, or a list of them. Falsy pieces are skipped. */
export type Piece = string | number | Ent | readonly Piece[] | false | null | undefined;

export function ent(type: string, value: string): Ent {
  return { type, value };
}

function isEnt(p: unknown): p is Ent {
  return typeof p === 'object' && p !== null && !Array.isArray(p) && 'type' in p && 'value' in p;
}

/** The plain text of a piece, labels dropped (for places where a value must stay unlabelled). */
export function plain(p: Piece): string {
  if (p === 0) return '0';
  if (!p) return '';
  if (typeof p === 'string') return p;
  if (typeof p === 'number') return String(p);
  if (isEnt(p)) return p.value;
  return (p as readonly Piece[]).map(plain).join('');
}

export class Builder {
  private text = '';
  readonly spans: Span[] = [];

  /** Append pieces in order. */
  add(...pieces: Piece[]): this {
    for (const p of pieces) this.put(p);
    return this;
  }

  /** Tagged template: plain literal parts, interpolated pieces (strings or entities). */
  w = (strings: TemplateStringsArray, ...pieces: Piece[]): this => {
    for (let i = 0; i < strings.length; i++) {
      this.text += strings[i];
      if (i < pieces.length) this.put(pieces[i]);
    }
    return this;
  };

  private put(p: Piece): void {
    if (p === 0) p = '0';
    if (!p) return;
    if (typeof p === 'number') {
      this.text += String(p);
    } else if (typeof p === 'string') {
      this.text += p;
    } else if (isEnt(p)) {
      if (p.value.length === 0 || p.value.trim() !== p.value) {
        throw new Error(`entity ${p.type} value is empty or padded with whitespace`);
      }
      const start = this.text.length;
      this.text += p.value;
      this.spans.push({ type: p.type, start, end: this.text.length });
    } else {
      for (const q of p as readonly Piece[]) this.put(q);
    }
  }

  get length(): number {
    return this.text.length;
  }

  toString(): string {
    return this.text;
  }

  build(id: string, kind: string, template: string): CorpusRecord {
    const rec: CorpusRecord = { id, text: this.text, spans: this.spans.slice(), kind, template };
    if (this.spans.length === 0) rec.negative = true;
    return rec;
  }
}
