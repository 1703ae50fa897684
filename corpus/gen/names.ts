// Person names from every region, drawn from faker's en_IN lists and the hand-made regional lists
// (corpus/data), rendered the ways Indians write them: initials, single names, lower-case chat,
// ALL-CAPS forms, Sikh and Meitei conventions, Devanagari.
import { ent, type Ent, type Piece } from './builder.js';
import { DEVANAGARI_NAMES, FAKER_NAMES, HONORIFICS, REGIONS } from './data.js';
import type { Rng } from './rng.js';

export interface Name {
  given: string;
  surname?: string;
  gender: 'm' | 'f';
  region: string;
}

export type NameStyle = 'full' | 'given' | 'initialFirst' | 'initialLast' | 'caps' | 'lower' | 'surnameOnly';

const REGION_WEIGHTS: ReadonlyArray<readonly [number, string]> = [
  [26, 'faker'], [10, 'north'], [8, 'tamil'], [7, 'telugu'], [6, 'kannada'], [6, 'malayalam'], [7, 'bengali'],
  [7, 'marathi'], [6, 'gujarati'], [6, 'punjabi'], [8, 'muslim'], [5, 'christian'], [6, 'northeast'],
];

function initial(word: string): string {
  return word[0]!.toUpperCase() + '.';
}

export class Names {
  constructor(private readonly r: Rng) {}

  random(regionWanted?: string, genderWanted?: 'm' | 'f'): Name {
    const r = this.r;
    const region = regionWanted ?? r.weighted(REGION_WEIGHTS);
    const gender = genderWanted ?? (r.chance(0.5) ? 'm' : 'f');
    if (region === 'faker') {
      const given = r.pick(gender === 'm' ? FAKER_NAMES.male : FAKER_NAMES.female);
      return { given, surname: r.pick(FAKER_NAMES.surnames), gender, region };
    }
    const R = REGIONS[region]!;
    if (region === 'punjabi' && r.chance(0.6)) {
      const given = r.pick(gender === 'm' ? R.male : R.female);
      const marker = gender === 'm' ? 'Singh' : 'Kaur';
      return { given, surname: r.chance(0.5) ? `${marker} ${r.pick(R.surnames)}` : marker, gender, region };
    }
    if (region === 'northeast') {
      const k = r.int(0, 3);
      if (k === 0) {
        const given = r.pick(R.mizo!);
        return r.chance(0.5) ? { given, gender, region } : { given, surname: r.pick(R.mizoClans!), gender, region };
      }
      if (k === 1) {
        const fam = r.pick(R.meiteiFamily!);
        const g = r.pick(gender === 'm' ? R.meiteiMale! : R.meiteiFemale!);
        const end = gender === 'm' ? 'Singh' : r.pick(['Devi', 'Chanu']);
        return { given: `${fam} ${g}`, surname: end, gender, region };
      }
    }
    const given = r.pick(gender === 'm' ? R.male : R.female);
    let surname = r.pick(R.surnames);
    if (gender === 'f' && R.femaleSurnames && r.chance(0.15)) surname = r.pick(R.femaleSurnames);
    return { given, surname, gender, region };
  }

  render(n: Name, style: NameStyle): string {
    const r = this.r;
    const full = n.surname ? `${n.given} ${n.surname}` : n.given;
    switch (style) {
      case 'full': return full;
      case 'given': return n.region === 'northeast' ? n.given.split(' ').at(-1)! : n.given.split(' ')[0]!;
      case 'surnameOnly': return n.surname && !/^(Singh|Kaur|Devi|Kumari|Chanu)$/.test(n.surname) ? n.surname : full;
      case 'caps': return full.toUpperCase();
      case 'lower': return full.toLowerCase();
      case 'initialLast': {
        const first = n.given.split(' ')[0]!;
        const last = n.surname ?? n.given;
        if (!n.surname) return full;
        return r.chance(0.7) ? `${first} ${initial(last)}` : `${first} ${initial(last)} ${initial(r.pick(['Ramesh', 'Prakash', 'Sekhar', 'Kumar', 'Thomas', 'Gopal']))}`;
      }
      case 'initialFirst': {
        const southern = ['tamil', 'telugu', 'kannada', 'malayalam'].includes(n.region);
        if (southern || !n.surname) {
          const father = r.pick(['Krishnan', 'Subramanian', 'Venkatesh', 'Ramaswamy', 'Sivaraman', 'Narayanan', 'Gopal', 'Rangan']);
          const inits = r.chance(0.3) ? `${initial(father)} ${initial(r.pick(['Sundaram', 'Murthy', 'Lakshman', 'Anand']))}` : initial(father);
          return `${inits} ${n.given.split(' ')[0]!}`;
        }
        const parts = n.given.split(' ');
        const inits = parts.map(initial).join(' ');
        return r.chance(0.5) ? `${inits} ${n.surname}` : `${initial(parts[0]!)} ${initial(r.pick(['Ram', 'Kumar', 'Mohan', 'Lal', 'Nath']))} ${n.surname}`;
      }
    }
  }

  /** A labelled name in the given (or a random) style. */
  person(style?: NameStyle, n?: Name): Ent {
    const name = n ?? this.random();
    const s = style ?? this.r.weighted([[62, 'full'], [12, 'initialFirst'], [6, 'initialLast'], [10, 'caps'], [10, 'lower']] as const);
    return ent('PERSON', this.render(name, s));
  }

  honorific(gender: 'm' | 'f'): string {
    return this.r.pick(gender === 'm' ? HONORIFICS.male : HONORIFICS.female);
  }

  /** Honorific outside the span: "Dr. " + [Anita Rao]. */
  titled(n?: Name, style: NameStyle = 'full'): Piece {
    const name = n ?? this.random();
    return [this.honorific(name.gender), ' ', ent('PERSON', this.render(name, style))];
  }

  devanagari(): Ent {
    return ent('PERSON', `${this.r.pick(DEVANAGARI_NAMES.given)} ${this.r.pick(DEVANAGARI_NAMES.surnames)}`);
  }
}
