// Shared fragments for templates: addresses, ages, birth dates, health terms, businesses.
import { Builder, ent, type Ent, type Piece } from './builder.js';
import { BUILDINGS, HEALTH, LOCALITIES, STATE_IS_CITY, type City } from './data.js';
import { Names, type Name } from './names.js';
import type { Rng } from './rng.js';
import { Values, type DateParts } from './values.js';

/** Everything a template needs: the PRNG, value and name generators, and the builder. */
export class Kit {
  readonly v: Values;
  readonly n: Names;
  readonly b = new Builder();
  readonly w = this.b.w;

  constructor(readonly r: Rng) {
    this.v = new Values(r);
    this.n = new Names(r);
  }

  pick<T>(items: readonly T[]): T {
    return this.r.pick(items);
  }

  /** A city as written (labelled), with the record of which city it is. */
  city(c?: City): { c: City; e: Ent } {
    const city = c ?? this.v.city();
    return { c: city, e: ent('CITY', this.v.cityName(city)) };
  }

  /** A full postal address with the city and PIN labelled (state, locality, building are not). */
  address(c?: City, oneLine = true): Piece {
    const { c: city, e } = this.city(c);
    const r = this.r;
    const house = r.pick([`Flat ${r.int(1, 15)}0${r.int(1, 9)}`, `H.No. ${r.int(1, 40)}-${r.int(1, 300)}`, `#${r.int(1, 999)}`, `Plot No. ${r.int(1, 400)}`, `${r.int(1, 250)}/${r.int(1, 40)}`, `Door No. ${r.int(1, 90)}`]);
    const parts: Piece[] = [house, ', '];
    if (r.chance(0.6)) parts.push(r.pick(BUILDINGS), ', ');
    parts.push(r.pick(LOCALITIES));
    const sep = oneLine ? ', ' : '\n';
    const pin = this.v.pin(city);
    // A UT named like its city ("Chandigarh, Chandigarh") would be an unlabelled city name: leave it out.
    const k = STATE_IS_CITY.has(city.state) ? r.pick([0, 4]) : r.int(0, 5);
    if (k === 0) parts.push(sep, e, ' - ', pin);
    else if (k === 1) parts.push(sep, e, ', ', city.stateName, ' ', pin);
    else if (k === 2) parts.push(sep, e, ' ', pin, ', ', city.stateName);
    else if (k === 3) parts.push(sep, e, ', ', city.stateName, sep, 'PIN: ', pin);
    else if (k === 4) parts.push(sep, e, '-', pin);
    else parts.push(sep, e, ', ', city.stateName, ' - ', pin);
    return parts;
  }

  /** An age phrase with only the number labelled. */
  age(n: number, gender?: 'm' | 'f'): Piece {
    const a = ent('AGE', String(n));
    const g = gender === 'f' ? 'F' : 'M';
    return this.r.weighted<Piece>([
      [16, ['Age ', a]], [12, ['aged ', a]], [12, [a, ' yrs']], [12, [a, '-year-old']], [12, [a, ' years old']],
      [8, ['Age: ', a, ' years']], [6, ['उम्र ', a]], [6, ['age ', a]], [6, [a, ' yrs old']], [5, ['Age/Sex: ', a, '/', g]], [5, [a, ' Y']],
    ]);
  }

  /** A birth-date phrase with only the date labelled. */
  dob(p?: DateParts): Piece {
    const d = this.v.dob(p);
    return this.r.weighted<Piece>([
      [20, ['DOB: ', d]], [10, ['D.O.B. ', d]], [12, ['born on ', d]], [14, ['Date of Birth: ', d]], [6, ['जन्म तिथि: ', d]],
      [10, ['date of birth is ', d]], [8, ['DoB - ', d]], [8, ['Birth date: ', d]], [6, ['d.o.b ', d]], [6, ['DOB ', d]],
    ]);
  }

  condition(): Ent {
    return ent('HEALTH', this.r.pick(HEALTH.conditions));
  }

  symptom(): Ent {
    return ent('HEALTH', this.r.pick(HEALTH.symptoms));
  }

  abbrev(): Ent {
    return ent('HEALTH', this.r.pick(HEALTH.abbreviations));
  }

  medicine(): Ent {
    return ent('HEALTH', this.r.pick(HEALTH.medicines));
  }

  dose(): string {
    return this.r.pick([' 500 mg', ' 40 mg', ' 5 mg', ' 10 mg', '', '', ' 1 tab', ' 250 mg']);
  }

  freq(): string {
    return this.r.pick(['OD', 'BD', 'TDS', '1-0-1', '0-0-1', '1-1-1', 'SOS', 'HS', 'once daily', 'twice a day after food']);
  }

  business(): string {
    return this.r.pick(['Shree Balaji Traders', 'Om Sai Enterprises', 'New India Hardware', 'Annapurna Sweets', 'Kaveri Textiles', 'Maa Durga Electricals', 'Sunrise Agro Foods', 'Vinayaka Medicals', 'Royal Tiffin Centre', 'Green Leaf Organics', 'Sri Sai Ram Steels', 'Navkar Jewellers']);
  }

  /** A random name record and a labelled rendering in a random style. */
  person(style?: Parameters<Names['person']>[0], region?: string): { name: Name; e: Ent } {
    const name = this.n.random(region);
    return { name, e: this.n.person(style, name) };
  }
}
