// The independent corpus part: templates written apart from the detectors (before looking at how
// they handle them, and not tuned to them afterwards) for document kinds the main corpus lacks:
// court orders, discharge summaries, bank statements, passenger lists, JSON API payloads,
// multilingual chat, foreign names in Indian text, plus decoys of every known false-alarm class.
// Names and medical terms come from corpus/independent/data.json (hand-written for this part).
// Seeded (mulberry32, no clock): the same seed gives a byte-identical file.
//   tsx corpus/independent/generate.ts           writes corpus/independent.jsonl
//   tsx corpus/independent/generate.ts --check   exit 1 when the committed file is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { verhoeffDigit, verhoeffValid } from '../../src/detect/validators/verhoeff.js';
import { Builder, ent, type CorpusRecord, type Ent, type Piece } from '../gen/builder.js';
import { Rng } from '../gen/rng.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const INDEPENDENT_FILE = join(HERE, '..', 'independent.jsonl');
export const INDEPENDENT_SEED = 77003;
export const INDEPENDENT_RECORDS = 900;
export const DECOY_SHARE = 0.25;

interface Data {
  givenForeign: string[]; surnameForeign: string[]; givenIndian: string[]; surnameIndian: string[];
  devanagariGiven: string[]; devanagariSurname: string[];
  conditions: string[]; medicines: string[]; symptoms: string[]; tests: string[];
  cities: string[]; states: string[]; banks: Array<[string, number]>;
  decoys: { hinglish: string[]; formWords: string[]; localities: string[]; orgs: string[]; licPlans: string[]; zodiac: string[] };
}
const D = JSON.parse(readFileSync(join(HERE, 'data.json'), 'utf8')) as Data;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Person { given: string; surname: string; full: string }

class K {
  readonly b = new Builder();
  readonly w = this.b.w;
  constructor(readonly r: Rng) {}

  pick<T>(xs: readonly T[]): T { return this.r.pick(xs); }

  person(foreign = this.r.chance(0.35)): Person {
    const given = this.pick(foreign ? D.givenForeign : D.givenIndian);
    const surname = this.pick(foreign ? D.surnameForeign : D.surnameIndian);
    return { given, surname, full: `${given} ${surname}` };
  }

  devaPerson(): Person {
    const given = this.pick(D.devanagariGiven);
    const surname = this.pick(D.devanagariSurname);
    return { given, surname, full: `${given} ${surname}` };
  }

  name(p: Person, style: 'title' | 'caps' | 'lower' = 'title'): Ent {
    const v = style === 'caps' ? p.full.toUpperCase() : style === 'lower' ? p.full.toLowerCase() : p.full;
    return ent('PERSON', v);
  }

  mobile(): Ent {
    for (;;) {
      const d = String(this.r.int(6, 9)) + this.r.digits(9);
      if (/^(\d)\1+$/.test(d)) continue;
      const f = this.r.int(0, 4);
      const v = f === 0 ? `+91 ${d.slice(0, 5)} ${d.slice(5)}` : f === 1 ? `${d.slice(0, 5)} ${d.slice(5)}` : f === 2 ? `0${d}` : d;
      return ent('PHONE', v);
    }
  }

  aadhaar(): Ent {
    const body = String(this.r.int(2, 9)) + this.r.digits(10);
    const d = body + verhoeffDigit(body);
    return ent('AADHAAR', this.r.chance(0.6) ? `${d.slice(0, 4)} ${d.slice(4, 8)} ${d.slice(8)}` : d);
  }

  abha(): Ent {
    const d = this.r.digits(14);
    return ent('ABHA', this.r.chance(0.7) ? `${d.slice(0, 2)}-${d.slice(2, 6)}-${d.slice(6, 10)}-${d.slice(10)}` : d);
  }

  pan(surname: string): Ent {
    const initial = /^[A-Za-z]/.test(surname) ? surname[0]!.toUpperCase() : this.r.letters(1);
    return ent('PAN', this.r.letters(3) + 'P' + initial + this.r.padded(1, 9999, 4) + this.r.letters(1));
  }

  account(len: number): Ent {
    return ent('BANK_ACCOUNT', String(this.r.int(1, 9)) + this.r.digits(len - 1));
  }

  ifsc(code: string): Ent {
    return ent('IFSC', `${code}0${this.r.digits(6)}`);
  }

  email(p: Person): Ent {
    const local = `${p.given}.${p.surname}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    return ent('EMAIL', `${local}${this.r.int(1, 99)}@${this.pick(['gmail.com', 'yahoo.co.in', 'outlook.com', 'rediffmail.com'])}`);
  }

  dobParts(): { d: number; m: number; y: number } {
    return { d: this.r.int(1, 28), m: this.r.int(1, 12), y: this.r.int(1940, 2005) };
  }

  dob(): Ent {
    const { d, m, y } = this.dobParts();
    const dd = String(d).padStart(2, '0');
    const mm = String(m).padStart(2, '0');
    const f = this.r.int(0, 5);
    const v = [`${dd}/${mm}/${y}`, `${y}-${mm}-${dd}`, `${MONTHS[m - 1]} ${d}, ${y}`, `${d} ${MONTHS[m - 1]} ${y}`, `${dd}-${mm}-${y}`, `${dd}.${mm}.${y}`][f]!;
    return ent('DATE_OF_BIRTH', v);
  }

  otherDate(): string {
    const d = this.r.int(1, 28);
    const m = this.r.int(1, 12);
    return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${this.r.int(2019, 2024)}`;
  }

  city(): Ent { return ent('CITY', this.pick(D.cities)); }
  health(): Ent { return ent('HEALTH', this.pick(D.conditions)); }
  medicine(): Ent { return ent('HEALTH', this.pick(D.medicines)); }
  symptom(): Ent { return ent('HEALTH', this.pick(D.symptoms)); }
  age(lo = 18, hi = 90): Ent { return ent('AGE', String(this.r.int(lo, hi))); }
}

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

interface Template { name: string; kind: string; weight: number; run: (k: K) => void }

const POSITIVE: Template[] = [
  {
    name: 'court-order', kind: 'court', weight: 10,
    run: (k) => {
      const acc = k.person(false);
      const father = k.person(false);
      const wit = k.person(false);
      const victim = k.person(false);
      const son = k.person(false);
      const sc = `${k.r.int(10, 400)}/${k.r.int(2012, 2022)}`;
      k.w`IN THE COURT OF THE ${k.pick(['II ADDITIONAL', 'PRINCIPAL', 'III ADDITIONAL'])} DISTRICT AND SESSIONS JUDGE AT ${k.city()}\n`;
      k.w`Sessions Case No. ${sc}\n`;
      k.w`State, by the Police Inspector\nversus\n${k.name(acc, k.r.chance(0.5) ? 'caps' : 'title')} S/o ${k.name(father)}, aged about ${k.age(21, 65)} years\n\n`;
      k.w`JUDGMENT\n`;
      k.w`The deceased ${ent('PERSON', victim.given)} is the wife of the accused; ${ent('PERSON', son.given)} is their son. `;
      k.w`P.W.${k.r.int(1, 12)} ${k.name(wit)} deposed that on the night of ${k.otherDate()} he heard cries from the house of the accused. `;
      if (k.r.chance(0.5)) k.w`The post-mortem report records ${ent('HEALTH', k.pick(['ante-mortem burn injuries', 'head injury', 'asphyxia']))} as the cause of death. `;
      k.w`The accused ${ent('PERSON', acc.given)} denied the charge. Ex.P${k.r.int(1, 20)} is the mahazar.\n`;
    },
  },
  {
    name: 'discharge-summary', kind: 'medical', weight: 12,
    run: (k) => {
      const p = k.person(k.r.chance(0.2));
      const dr = k.person(false);
      const caps = k.r.chance(0.6);
      const sex = k.pick(['M', 'F']);
      k.w`DISCHARGE SUMMARY\nPatient Name: ${k.name(p, caps ? 'caps' : 'title')}\nAge/Sex: ${k.age(1, 95)}/${sex}\n`;
      if (k.r.chance(0.7)) k.w`ABHA No: ${k.abha()}\n`;
      k.w`IP No: ${k.r.int(100000, 999999)}   Date of admission: ${k.otherDate()}\n`;
      k.w`Diagnosis: ${k.health()}\n`;
      k.w`Presenting complaints: ${k.symptom()} and ${k.symptom()} for ${k.r.int(2, 10)} days.\n`;
      k.w`Investigations: ${k.pick(D.tests)}, ${k.pick(D.tests)} done.\n`;
      k.w`Discharge medications: Tab. ${k.medicine()} ${k.pick(['500 mg', '5 mg', '40 mg', '1 g'])} ${k.pick(['OD', 'BD', 'TDS'])}, Inj. ${k.medicine()}\n`;
      k.w`Attendant mobile: ${k.mobile()}\n`;
      k.w`Consultant: Dr. ${k.name(dr)}\n`;
    },
  },
  {
    name: 'bank-statement', kind: 'bank', weight: 10,
    run: (k) => {
      const p = k.person(k.r.chance(0.15));
      const [code, len] = k.pick(D.banks);
      const payee = k.person(false);
      k.w`STATEMENT OF ACCOUNT\nAccount Holder: ${k.name(p, 'caps')}\nAccount No: ${k.account(len)}\nIFSC: ${k.ifsc(code)}\nBranch: ${k.city()}\n`;
      k.w`Registered Mobile: ${k.mobile()}\n`;
      k.w`Date        Narration                                   Dr.        Cr.\n`;
      k.w`${k.otherDate()}  UPI/DR/${k.r.digits(12)}/${ent('PERSON', payee.full.toUpperCase())}/ybl   ${k.r.int(100, 9999)}.00\n`;
      k.w`${k.otherDate()}  NEFT/CR/${k.pick(['SALARY', 'REFUND', 'INTEREST'])}                       ${k.r.int(1000, 99999)}.00\n`;
      k.w`${k.otherDate()}  ATM WDL ${k.pick(['MG ROAD', 'STATION RD', 'MAIN BAZAR'])}            ${k.r.int(5, 100)}00.00\n`;
    },
  },
  {
    name: 'passenger-list', kind: 'travel', weight: 9,
    run: (k) => {
      k.w`PNR: ${k.r.digits(10)}  Train ${k.r.int(12001, 22999)}  ${k.city()} - ${k.city()}\n`;
      const n = k.r.int(2, 4);
      for (let i = 1; i <= n; i++) {
        const p = k.person(k.r.chance(0.4));
        k.w`Passenger ${i}: ${k.name(p, 'caps')}, ${k.age(2, 85)}, ${k.pick(['M', 'F'])}  Berth ${k.pick(['LB', 'MB', 'UB', 'SL'])}\n`;
      }
      k.w`Contact: ${k.mobile()}\n`;
    },
  },
  {
    name: 'json-payload', kind: 'json', weight: 12,
    run: (k) => {
      const p = k.person(k.r.chance(0.3));
      const nameKey = k.pick(['full_name', 'customerName', 'holder', 'patient_name', 'applicant', 'nominee']);
      const parts: Piece[] = [`{"id": ${k.r.int(1000, 99999)}, "${nameKey}": "`, k.name(p, k.r.chance(0.4) ? 'caps' : 'title'), '", '];
      if (k.r.chance(0.7)) parts.push(`"${k.pick(['dob', 'date_of_birth', 'birthDate'])}": "`, k.dob(), '", ');
      if (k.r.chance(0.7)) parts.push(`"${k.pick(['mobile', 'phone', 'contact_no'])}": "`, k.mobile(), '", ');
      if (k.r.chance(0.5)) parts.push('"abha_number": "', k.abha(), '", ');
      if (k.r.chance(0.4)) parts.push('"email": "', k.email(p), '", ');
      parts.push(`"status": "${k.pick(['ACTIVE', 'PENDING', 'VERIFIED'])}", "created_at": "2024-0${k.r.int(1, 9)}-1${k.r.int(0, 9)}T10:${k.r.int(10, 59)}:00Z"}`);
      k.b.add(parts);
    },
  },
  {
    name: 'chat-dob-previous-turn', kind: 'chat', weight: 8,
    run: (k) => {
      const agent = k.person(true);
      const cust = k.person(false);
      k.w`Agent — ${ent('PERSON', agent.given)}: Hello, thank you for contacting us. May I have your full name?\n`;
      k.w`Customer: ${k.name(cust)}\n`;
      k.w`Agent — ${ent('PERSON', agent.given)}: Please confirm your date of birth.\n`;
      k.w`Customer: ${k.dob()}.\n`;
      k.w`Agent — ${ent('PERSON', agent.given)}: And the registered mobile number?\n`;
      k.w`Customer: ${k.mobile()}\n`;
    },
  },
  {
    name: 'multilingual-chat', kind: 'hinglish', weight: 10,
    run: (k) => {
      const f = k.r.int(0, 3);
      if (f === 0) {
        const p = k.devaPerson();
        k.w`मरीज़ ${ent('PERSON', p.full)} (${k.age(40, 95)} वर्ष) को ${ent('HEALTH', k.pick(['मधुमेह', 'बुखार', 'पीलिया', 'दमा']))} की शिकायत है।`;
      } else if (f === 1) {
        const p = k.person(false);
        k.w`bhai mera number ${k.mobile()} hai, ${ent('PERSON', p.given.toLowerCase())} bol raha hoon. papa ko ${k.symptom()} hai since kal`;
      } else if (f === 2) {
        const p = k.devaPerson();
        k.w`नाम: ${ent('PERSON', p.full)}\nजन्म तिथि: ${k.dob()}\nमोबाइल: ${k.mobile()}`;
      } else {
        const p = k.person(false);
        k.w`hi, I am ${k.name(p, 'lower')} from ${k.city()}. my aadhaar is ${k.aadhaar()} and pan ${k.pan(p.surname)}, pls update KYC`;
      }
    },
  },
  {
    name: 'foreign-colleagues', kind: 'email', weight: 8,
    run: (k) => {
      const a = k.person(true);
      const b = k.person(true);
      const me = k.person(false);
      k.w`Hi team,\nFor the ${k.city()} onboarding please contact ${k.name(a)}, HR, and ${k.name(b)} from our overseas office (${k.email(b)}).\n`;
      k.w`${k.name(a)} will share the forms; ${ent('PERSON', b.given)} handles visas.\nRegards,\n${k.name(me)}\n`;
    },
  },
  {
    name: 'repeated-mentions', kind: 'document', weight: 7,
    run: (k) => {
      const p = k.person(false);
      k.w`Ref: complaint of ${k.name(p, 'caps')}.\n`;
      k.w`${k.name(p)} states that the refund was not received. Mr. ${ent('PERSON', p.surname)} may be called on ${k.mobile()}. `;
      k.w`We have written to ${k.name(p, 'caps')} again.\n`;
    },
  },
  {
    name: 'birth-narrative', kind: 'document', weight: 7,
    run: (k) => {
      const p = k.person(k.r.chance(0.4));
      const f = k.r.int(0, 2);
      if (f === 0) k.w`My name is ${ent('PERSON', p.given)} and I was born in a small town on ${k.dob()}.`;
      else if (f === 1) k.w`${k.dob()} is my birthday, says ${k.name(p)}.`;
      else k.w`${k.name(p)}, born on ${k.dob()}, is the applicant.`;
    },
  },
  {
    name: 'age-in-words', kind: 'document', weight: 6,
    run: (k) => {
      const p = k.person(false);
      const f = k.r.int(0, 2);
      if (f === 0) k.w`${k.name(p)}, ${ent('AGE', `${k.pick(TENS)} ${k.pick(NUMBER_WORDS.slice(0, 9))}`)} years of age, was examined.`;
      else if (f === 1) k.w`When ${ent('PERSON', p.given)} was ${ent('AGE', k.pick(NUMBER_WORDS))} years old, the family moved.`;
      else k.w`${k.name(p, 'caps')}, ${k.age(20, 80)}, ${k.pick(['M', 'F'])} - seat ${k.r.int(1, 40)}${k.pick(['A', 'B', 'C'])}`;
    },
  },
];

const DECOYS: Template[] = [
  { name: 'decoy-hinglish', kind: 'negative-hinglish', weight: 5, run: (k) => { k.b.add(k.pick(D.decoys.hinglish)); } },
  {
    name: 'decoy-form-words', kind: 'negative-form', weight: 5,
    run: (k) => { k.b.add(`${k.pick(D.decoys.formWords)}: ____\n${k.pick(D.decoys.formWords)}: ____\n${k.pick(D.decoys.formWords).toUpperCase()}\nTick if ${k.pick(['Correct', 'Verified', 'Approved'])}`); },
  },
  {
    name: 'decoy-locality', kind: 'negative-address', weight: 5,
    run: (k) => { k.b.add(`The new outlet opens in ${k.pick(D.decoys.localities)} next month; the ${k.pick(D.decoys.localities)} branch stays open.`); },
  },
  {
    name: 'decoy-org', kind: 'negative-org', weight: 6,
    run: (k) => { k.b.add(`Samples were sent to ${k.pick(D.decoys.orgs)} and the report will reach ${k.pick(D.decoys.orgs)} by Friday.`); },
  },
  {
    name: 'decoy-lic', kind: 'negative-insurance', weight: 4,
    run: (k) => { k.b.add(`Compare ${k.pick(D.decoys.licPlans)} with ${k.pick(D.decoys.licPlans)}: premium term ${k.r.int(5, 25)} years, maturity benefit as per plan.`); },
  },
  {
    name: 'decoy-zodiac', kind: 'negative-astro', weight: 3,
    run: (k) => { k.b.add(`Sun sign: ${k.pick(D.decoys.zodiac)}. Today's horoscope for ${k.pick(D.decoys.zodiac)}: a good day for travel.`); },
  },
  {
    name: 'decoy-pan-label-dr', kind: 'negative-bank', weight: 4,
    run: (k) => { k.b.add(`Column headers: Date | Narration | Dr. | Cr. | Balance\nPAN: not provided\nDr. total ${k.r.int(1000, 99999)}.00`); },
  },
  {
    name: 'decoy-utility', kind: 'negative-utility', weight: 6,
    run: (k) => {
      const f = k.r.int(0, 2);
      if (f === 0) k.b.add(`Electricity bill\nConsumer No: ${k.r.int(1, 9)}${k.r.digits(11)}\nAccount ID: ${k.r.int(1, 9)}${k.r.digits(9)}\nBill amount: Rs ${k.r.int(200, 5000)}`);
      else if (f === 1) k.b.add(`EPFO passbook\nUAN: 100${k.r.digits(9)}\nEstablishment ID: MHBAN${k.r.digits(7)}000`);
      else k.b.add(`Water bill consumer account ${k.r.int(1, 9)}${k.r.digits(10)} is due on ${k.otherDate()}.`);
    },
  },
  {
    name: 'decoy-tests', kind: 'negative-medical', weight: 3,
    run: (k) => { k.b.add(`Lab menu: ${k.pick(D.tests)}, ${k.pick(D.tests)} and ${k.pick(D.tests)} available from 8 am.`); },
  },
];

/** Structural checks every record must pass; throws with the record id (never the value). */
export function checkIndependent(rec: CorpusRecord): void {
  let prevEnd = -1;
  for (const s of rec.spans.slice().sort((a, b) => a.start - b.start)) {
    const v = rec.text.slice(s.start, s.end);
    if (v.length === 0 || v.trim() !== v) throw new Error(`${rec.id}: ${s.type} span is empty or padded`);
    if (s.start < prevEnd) throw new Error(`${rec.id}: overlapping spans`);
    prevEnd = s.end;
    const digits = v.replace(/\D/g, '');
    if (s.type === 'AADHAAR' && !verhoeffValid(digits)) throw new Error(`${rec.id}: AADHAAR fails Verhoeff`);
    if (s.type === 'ABHA' && digits.length !== 14) throw new Error(`${rec.id}: ABHA is not 14 digits`);
    if (s.type === 'PHONE' && !/^[6-9]/.test(digits.slice(-10))) throw new Error(`${rec.id}: PHONE is not a 6-9 mobile`);
  }
}

export function generateIndependent(seed = INDEPENDENT_SEED, n = INDEPENDENT_RECORDS): CorpusRecord[] {
  const r = new Rng(seed);
  const out: CorpusRecord[] = [];
  for (let i = 0; i < n; i++) {
    const neg = r.chance(DECOY_SHARE);
    const list = neg ? DECOYS : POSITIVE;
    const t = r.weighted(list.map((x) => [x.weight, x] as const));
    const k = new K(r);
    t.run(k);
    const rec = k.b.build(`i-${String(i + 1).padStart(5, '0')}`, t.kind, t.name);
    if (neg !== (rec.negative === true)) throw new Error(`${rec.id}: template ${t.name} ${neg ? 'emitted spans' : 'emitted no span'}`);
    checkIndependent(rec);
    out.push(rec);
  }
  return out;
}

export function independentJsonl(): string {
  return generateIndependent().map((x) => JSON.stringify(x)).join('\n') + '\n';
}

function main(): void {
  const body = independentJsonl();
  if (process.argv.includes('--check')) {
    if (readFileSync(INDEPENDENT_FILE, 'utf8') !== body) {
      console.error('corpus/independent.jsonl is stale: run `tsx corpus/independent/generate.ts`');
      process.exit(1);
    }
    console.log('corpus/independent.jsonl is up to date');
    return;
  }
  writeFileSync(INDEPENDENT_FILE, body);
  console.log(`wrote ${body.split('\n').length - 1} records to corpus/independent.jsonl`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
