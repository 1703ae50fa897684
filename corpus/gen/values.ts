// Valid synthetic values for every entity type, in the formats people actually type.
import { isValidPhoneNumber, parsePhoneNumber } from 'libphonenumber-js/max';
import { gstinCheckChar } from '../../src/detect/validators/gstin.js';
import { verhoeffDigit, verhoeffValid } from '../../src/detect/validators/verhoeff.js';
import { ent, type Ent } from './builder.js';
import { luhnDigit, luhnValid } from './checks.js';
import { CITIES, MISC, type City } from './data.js';
import type { Rng } from './rng.js';

const DEVANAGARI_DIGITS = '०१२३४५६७८९';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function toDevanagariDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => DEVANAGARI_DIGITS[Number(d)]!);
}

function group(d: string, sizes: readonly number[], sep: string): string {
  const out: string[] = [];
  let i = 0;
  for (const n of sizes) {
    out.push(d.slice(i, i + n));
    i += n;
  }
  return out.join(sep);
}

function ordinal(n: number): string {
  if (n >= 11 && n <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** Bank-specific account-number shapes (prefixes people see on passbooks); others: first digit 1-9. */
const ACCOUNT_PREFIX: Record<string, readonly string[]> = {
  SBIN: ['3', '4'], HDFC: ['5010', '5020', '0'], ICIC: ['0', '1', '6'], UTIB: ['91', '92', '1'], KKBK: ['1', '2', '5', '7', '9'],
};

const GST_STATES = ['01', '03', '06', '07', '08', '09', '10', '19', '20', '21', '22', '23', '24', '27', '29', '30', '32', '33', '36', '37', '18', '04', '02'];
const DL_STATES = ['MH', 'DL', 'KA', 'TN', 'UP', 'GJ', 'RJ', 'WB', 'KL', 'TS', 'AP', 'HR', 'PB', 'MP', 'BR', 'OD'];
const SERIES = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export interface DateParts {
  d: number;
  m: number;
  y: number;
}

export class Values {
  constructor(private readonly r: Rng) {}

  // ---- national IDs ----
  aadhaarDigits(): string {
    for (;;) {
      const body = String(this.r.int(2, 9)) + this.r.digits(10);
      const d = body + verhoeffDigit(body);
      if (!/^(\d)\1+$/.test(d)) return d;
    }
  }

  aadhaar(format?: 'space' | 'none' | 'hyphen' | 'deva'): Ent {
    const d = this.aadhaarDigits();
    const f = format ?? this.r.weighted([[50, 'space'], [27, 'none'], [15, 'hyphen'], [8, 'deva']] as const);
    const v = f === 'none' ? d : f === 'hyphen' ? group(d, [4, 4, 4], '-') : group(d, [4, 4, 4], ' ');
    return ent('AADHAAR', f === 'deva' ? toDevanagariDigits(v) : v);
  }

  /** 16-digit Aadhaar Virtual ID, Verhoeff-valid; kept Luhn-invalid so it cannot also pass as a card. */
  vid(): Ent {
    for (;;) {
      const body = String(this.r.int(2, 9)) + this.r.digits(14);
      const d = body + verhoeffDigit(body);
      if (luhnValid(d)) continue;
      return ent('AADHAAR', this.r.chance(0.7) ? group(d, [4, 4, 4, 4], ' ') : d);
    }
  }

  /** PAN: AAA + holder-type letter + initial of the surname (or entity name) + 4 digits + letter. */
  panValue(initial?: string, holder?: string): string {
    const h = holder ?? this.r.weighted([[86, 'P'], [5, 'C'], [3, 'F'], [2, 'H'], [2, 'T'], [2, 'A']] as const);
    const fifth = initial && /^[A-Z]$/.test(initial) ? initial : this.r.letters(1);
    return this.r.letters(3) + h + fifth + this.r.padded(1, 9999, 4) + this.r.letters(1);
  }

  pan(initial?: string): Ent {
    return ent('PAN', this.panValue(initial));
  }

  gstinValue(initial?: string): string {
    const state = this.r.pick(GST_STATES);
    const pan = this.panValue(initial ?? this.r.letters(1), this.r.weighted([[55, 'C'], [30, 'P'], [10, 'F'], [5, 'A']] as const));
    const entity = this.r.weighted([[80, '1'], [12, '2'], [5, String(this.r.int(3, 9))], [3, 'A']] as const);
    const first14 = state + pan + entity + 'Z';
    return first14 + gstinCheckChar(first14);
  }

  gstin(initial?: string): Ent {
    return ent('GSTIN', this.gstinValue(initial));
  }

  passport(): Ent {
    return ent('PASSPORT', this.r.letters(1, 'JKLMNPRSTUVWZ') + String(this.r.int(1, 9)) + this.r.digits(6));
  }

  /** EPIC: 3 letters, 6-digit serial, Luhn check digit (the 7th random digit is drawn and replaced, so the PRNG stream is unchanged). */
  voterId(): Ent {
    const letters = this.r.letters(3);
    const serial = this.r.padded(1, 9999999, 7).slice(0, 6);
    return ent('VOTER_ID', letters + serial + luhnDigit(serial));
  }

  drivingLicence(): Ent {
    const st = this.r.pick(DL_STATES);
    const rto = this.r.padded(1, 55, 2);
    const year = String(this.r.int(1995, 2023));
    const serial = this.r.padded(1, 9999999, 7);
    const f = this.r.int(0, 4);
    const v = [
      `${st}${rto} ${year}${serial}`,
      `${st}-${rto}${year}${serial}`,
      `${st}${rto}${year}${serial}`,
      `${st}-${rto}-${year}-${serial}`,
      `${st}${rto} ${year} ${serial}`,
    ][f]!;
    return ent('DRIVING_LICENCE', v);
  }

  vehicle(): Ent {
    const st = this.r.pick(['MH', 'KA', 'TN', 'UP', 'GJ', 'RJ', 'WB', 'KL', 'TS', 'AP', 'HR', 'PB', 'MP', 'DL']);
    const num = this.r.padded(1, 9999, 4);
    const ser = this.r.letters(this.r.chance(0.85) ? 2 : 1, SERIES);
    const f = this.r.int(0, 9);
    if (f === 0) return ent('VEHICLE_REG', `${this.r.int(21, 24)} BH ${num} ${this.r.letters(2, SERIES)}`);
    if (st === 'DL' || f === 1) {
      const cls = this.r.pick(['C', 'S', 'E', 'P', 'R', 'Y']);
      const dist = this.r.int(1, 13);
      return ent('VEHICLE_REG', this.r.chance(0.6) ? `DL ${dist}${cls} ${ser} ${num}` : `DL${dist}${cls}${ser}${num}`);
    }
    const rto = this.r.padded(1, 60, 2);
    const v = [`${st} ${rto} ${ser} ${num}`, `${st}${rto}${ser}${num}`, `${st}-${rto}-${ser}-${num}`, `${st} ${rto} ${ser}${num}`, `${st}${rto} ${ser} ${num}`][this.r.int(0, 4)]!;
    return ent('VEHICLE_REG', v);
  }

  // ---- banking ----
  bank(): (typeof MISC.banks)[number] {
    return this.r.pick(MISC.banks);
  }

  ifsc(code?: string): Ent {
    const c = code ?? this.bank()[0];
    const branch = this.r.chance(0.9) ? this.r.digits(6) : this.r.letters(3) + this.r.digits(3);
    return ent('IFSC', `${c}0${branch}`);
  }

  account(code?: string): Ent {
    const [c, , lens] = code ? MISC.banks.find((b) => b[0] === code) ?? this.bank() : this.bank();
    const len = this.r.pick(lens);
    const prefix = this.r.pick(ACCOUNT_PREFIX[c] ?? [String(this.r.int(1, 9))]);
    return ent('BANK_ACCOUNT', prefix + this.r.digits(len - prefix.length));
  }

  card(): Ent {
    const kind = this.r.weighted([[34, 'visa'], [24, 'mc'], [8, 'mc2'], [10, 'amex'], [14, 'rupay'], [4, 'diners'], [6, 'jcb']] as const);
    let body: string;
    let len = 16;
    switch (kind) {
      case 'visa': body = '4' + this.r.digits(14); break;
      case 'mc': body = String(this.r.int(51, 55)) + this.r.digits(13); break;
      case 'mc2': body = String(this.r.int(2221, 2720)) + this.r.digits(11); break;
      case 'amex': len = 15; body = this.r.pick(['34', '37']) + this.r.digits(12); break;
      case 'rupay': body = this.r.pick(['60', '65', '81', '82', '508', '6521', '6522']); body += this.r.digits(15 - body.length); break;
      case 'diners': len = 14; body = '36' + this.r.digits(11); break;
      default: body = String(this.r.int(3528, 3589)) + this.r.digits(11);
    }
    const d = body + luhnDigit(body);
    const sep = this.r.weighted([[50, ' '], [20, '-'], [30, '']] as const);
    const sizes = len === 15 ? [4, 6, 5] : len === 14 ? [4, 6, 4] : [4, 4, 4, 4];
    return ent('CREDIT_CARD', sep ? group(d, sizes, sep) : d);
  }

  upi(first: string, last?: string): Ent {
    const f = first.toLowerCase().replace(/[^a-z]/g, '');
    const l = (last ?? '').toLowerCase().replace(/[^a-z]/g, '');
    const local = this.r.weighted([
      [30, l ? `${f}.${l}` : f + this.r.int(1, 99)],
      [20, f + this.r.int(10, 9999)],
      [15, this.mobileDigits()],
      [15, l ? `${f}${l}` : `${f}${this.r.int(1, 9)}`],
      [10, l ? `${f[0]}${l}${this.r.int(1, 99)}` : `${f}.${this.r.int(1, 99)}`],
      [10, `${f}-${this.r.int(1, 999)}`],
    ] as const);
    return ent('UPI_ID', `${local}@${this.r.pick(MISC.upiHandles)}`);
  }

  email(first: string, last?: string, work = false): Ent {
    const f = first.toLowerCase().replace(/[^a-z]/g, '');
    const l = (last ?? '').toLowerCase().replace(/[^a-z]/g, '');
    const dom = work ? this.r.pick(MISC.workDomains) : this.r.pick(MISC.emailDomains);
    const local = this.r.weighted([
      [35, l ? `${f}.${l}` : f + this.r.int(1, 999)],
      [20, `${f}${l}${this.r.int(1, 99)}`],
      [15, l ? `${f[0]}${l}` : `${f}.${this.r.int(1, 99)}`],
      [15, `${f}_${l || 'in'}${this.r.int(70, 99)}`],
      [15, l ? `${l}.${f}` : `${f}${this.r.int(1980, 2005)}`],
    ] as const);
    return ent('EMAIL', `${local}@${dom}`);
  }

  // ---- phones ----
  mobileDigits(): string {
    for (;;) {
      const d = String(this.r.int(6, 9)) + this.r.digits(9);
      // Valid and typed MOBILE: some 6x/7x ranges are landlines written without their 0.
      if (isValidPhoneNumber(d, 'IN') && parsePhoneNumber(d, 'IN').getType() === 'MOBILE') return d;
    }
  }

  mobile(format?: number): Ent {
    const d = this.mobileDigits();
    const f = format ?? this.r.weighted([[20, 0], [14, 1], [10, 2], [8, 3], [26, 4], [8, 5], [6, 6], [8, 7]] as const);
    const a = d.slice(0, 5);
    const b = d.slice(5);
    const v = [
      `+91 ${a} ${b}`, `+91-${a}-${b}`, `0${d}`, `(+91) ${d}`, d, `+91${d}`, `${a} ${b}`, `+91 ${d}`,
    ][f]!;
    return ent('PHONE', v);
  }

  landline(city?: City): Ent {
    for (;;) {
      const c = city ?? this.r.pick(CITIES);
      const std = c.std;
      const sub = String(this.r.int(2, 6)) + this.r.digits(9 - std.length);
      if (!isValidPhoneNumber(`0${std}${sub}`, 'IN')) {
        if (city) city = undefined;
        continue;
      }
      const f = this.r.int(0, 4);
      const half = sub.length === 8 ? `${sub.slice(0, 4)} ${sub.slice(4)}` : sub;
      const v = [`0${std}-${half}`, `0${std} ${half}`, `(0${std}) ${half}`, `+91 ${std} ${half}`, `0${std}-${sub}`][f]!;
      return ent('PHONE', v);
    }
  }

  intlPhone(): Ent {
    for (;;) {
      const k = this.r.int(0, 2);
      let v: string;
      if (k === 0) v = `+1 ${this.r.pick(['212', '415', '646', '312', '617', '408', '732'])} ${this.r.int(200, 989)} ${this.r.digits(4)}`;
      else if (k === 1) v = `+44 7${this.r.int(400, 999)} ${this.r.digits(6)}`;
      else v = `+971 ${this.r.pick(['50', '52', '55', '56'])} ${this.r.digits(3)} ${this.r.digits(4)}`;
      if (isValidPhoneNumber(v.replace(/\s/g, ''))) return ent('PHONE', v);
    }
  }

  phone(): Ent {
    const k = this.r.int(0, 99);
    if (k < 80) return this.mobile();
    if (k < 94) return this.landline();
    return this.intlPhone();
  }

  // ---- places ----
  city(): City {
    return this.r.pick(CITIES);
  }

  /** The name people write for a city: usually the current one, sometimes the older one. */
  cityName(c: City): string {
    return c.alt.length && this.r.chance(0.25) ? this.r.pick(c.alt) : c.name;
  }

  pin(c: City): Ent {
    return ent('PIN_CODE', c.pin3 + '0' + this.r.padded(1, 99, 2));
  }

  // ---- health & network ----
  abhaNumber(): Ent {
    const d = this.r.pick(['91', '91', '91', String(this.r.int(10, 99))]) + this.r.digits(12);
    return ent('ABHA', this.r.chance(0.85) ? group(d, [2, 4, 4, 4], '-') : d);
  }

  abhaAddress(first: string, last?: string): Ent {
    const f = first.toLowerCase().replace(/[^a-z]/g, '');
    const l = (last ?? '').toLowerCase().replace(/[^a-z]/g, '');
    const local = this.r.pick([l ? `${f}.${l[0]}` : `${f}${this.r.int(1, 99)}`, `${f}${this.r.int(1970, 2005)}`, l ? `${f}_${l}` : `${f}.${this.r.int(1, 9)}`]);
    return ent('ABHA', `${local}@abdm`);
  }

  ipv4(): Ent {
    const k = this.r.int(0, 3);
    const o = () => this.r.int(1, 254);
    const v = k === 0 ? `192.168.${this.r.int(0, 20)}.${o()}` : k === 1 ? `10.${o()}.${o()}.${o()}` : `${this.r.pick([49, 103, 106, 117, 122, 157, 182, 203])}.${o()}.${o()}.${o()}`;
    return ent('IP_ADDRESS', v);
  }

  ipv6(): Ent {
    const h = () => this.r.int(0, 0xffff).toString(16);
    const k = this.r.int(0, 2);
    const v = k === 0
      ? `2401:4900:${h()}:${h()}:${h()}:${h()}:${h()}:${h()}`
      : k === 1 ? `2405:201:${h()}:${h()}::${this.r.int(1, 0xff).toString(16)}` : `fe80::${h()}:${h()}:${h()}:${h()}`;
    return ent('IP_ADDRESS', v);
  }

  ip(): Ent {
    return this.r.chance(0.75) ? this.ipv4() : this.ipv6();
  }

  // ---- dates ----
  birthDate(minYear = 1948, maxYear = 2006): DateParts {
    const m = this.r.int(1, 12);
    const dim = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
    return { d: this.r.int(1, dim), m, y: this.r.int(minYear, maxYear) };
  }

  formatDate(p: DateParts, f?: number): string {
    const dd = String(p.d).padStart(2, '0');
    const mm = String(p.m).padStart(2, '0');
    const mon = MONTHS[p.m - 1]!;
    const k = f ?? this.r.weighted([[30, 0], [18, 1], [14, 2], [12, 3], [10, 4], [8, 5], [8, 6]] as const);
    return [
      `${dd}/${mm}/${p.y}`, `${dd}-${mm}-${p.y}`, `${dd}-${mon.slice(0, 3)}-${p.y}`, `${ordinal(p.d)} ${mon} ${p.y}`,
      `${p.y}-${mm}-${dd}`, `${dd}.${mm}.${p.y}`, `${p.d} ${mon.slice(0, 3)} ${p.y}`,
    ][k]!;
  }

  dob(p?: DateParts, f?: number): Ent {
    return ent('DATE_OF_BIRTH', this.formatDate(p ?? this.birthDate(), f));
  }

  /** A date that is not a birth date (appointments, invoices, EMIs) in the same formats. */
  otherDate(f?: number): string {
    return this.formatDate(this.birthDate(2019, 2025), f);
  }

  ageOf(p: DateParts): number {
    return 2024 - p.y - (p.m > 6 ? 1 : 0);
  }

  // ---- unlabelled look-alikes used as noise in positive records and in negatives ----
  /** A 12-digit number that fails Verhoeff (so nobody can take it for an Aadhaar). */
  twelveNonAadhaar(first = String(this.r.int(2, 9))): string {
    for (;;) {
      const d = first + this.r.digits(11);
      if (!verhoeffValid(d)) return d;
    }
  }

  /** A digit string of length n that fails both Luhn and Verhoeff. */
  digitsNoChecksum(n: number, first = String(this.r.int(1, 9))): string {
    for (;;) {
      const d = first + this.r.digits(n - 1);
      if (!verhoeffValid(d) && !luhnValid(d)) return d;
    }
  }

  amount(): string {
    const n = this.r.weighted([[50, this.r.int(100, 99999)], [40, this.r.int(100000, 9999999)], [10, this.r.int(10000000, 99999999)]] as const);
    const s = String(n);
    const last3 = s.slice(-3);
    let rest = s.slice(0, -3);
    const parts: string[] = [];
    while (rest.length > 2) {
      parts.unshift(rest.slice(-2));
      rest = rest.slice(0, -2);
    }
    if (rest) parts.unshift(rest);
    const lakh = parts.length ? `${parts.join(',')},${last3}` : last3;
    const cur = this.r.pick(['₹', '₹ ', 'Rs. ', 'Rs ', 'INR ']);
    return cur + lakh + (this.r.chance(0.2) ? '.00' : '');
  }

  utr(): string {
    const k = this.r.int(0, 2);
    if (k === 0) return this.twelveNonAadhaar(String(this.r.int(3, 4)));
    const bank = this.r.pick(MISC.banks)[0];
    if (k === 1) return `${bank}N${this.r.int(2, 5)}${this.r.padded(1, 365, 3)}${this.r.digits(7)}`;
    return `${bank}R${this.r.int(2020, 2025)}${this.r.padded(1, 12, 2)}${this.r.padded(1, 28, 2)}${this.r.digits(8)}`;
  }

  orderId(): string {
    const k = this.r.int(0, 5);
    switch (k) {
      case 0: return `${this.r.int(401, 408)}-${this.r.digits(7)}-${this.r.digits(7)}`;
      case 1: return `OD${this.r.digits(18)}`;
      case 2: return this.twelveNonAadhaar();
      case 3: return this.digitsNoChecksum(16);
      case 4: return `ORD-${this.r.int(2023, 2025)}-${this.r.digits(6)}`;
      default: return `#${this.r.letters(2)}${this.r.digits(8)}`;
    }
  }

  otp(): string {
    return String(this.r.int(100000, 999999));
  }

  epoch(): string {
    return String(this.r.int(1600000000, 1735000000)) + (this.r.chance(0.3) ? this.r.digits(3) : '');
  }

  timestamp(): string {
    const d = this.birthDate(2022, 2025);
    return `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')} ${this.r.padded(0, 23, 2)}:${this.r.padded(0, 59, 2)}:${this.r.padded(0, 59, 2)}`;
  }

  /** PAN-shaped code whose 4th letter is not a PAN holder type. */
  fakePan(): string {
    return this.r.letters(3) + this.r.letters(1, 'DEIKMNOQRSUVWXYZ') + this.r.letters(1) + this.r.digits(4) + this.r.letters(1);
  }

  /** GSTIN-shaped code with a wrong check character. */
  badGstin(): string {
    const g = this.gstinValue();
    const CH = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let c: string;
    do c = this.r.pick([...CH]); while (c === g[14]);
    return g.slice(0, 14) + c;
  }

  version(): string {
    return this.r.pick([`v${this.r.int(1, 9)}.${this.r.int(0, 30)}.${this.r.int(0, 99)}`, `${this.r.int(1, 20)}.${this.r.int(0, 9)}`, `build ${this.r.int(1000, 29999)}`, `${this.r.int(1, 4)}.${this.r.int(0, 9)}.${this.r.int(0, 9)}-beta`]);
  }
}
