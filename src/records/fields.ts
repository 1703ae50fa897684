// Field names as detection context: a field named like `aadhaar`, `mobile` or `dob` marks its value's
// type (FIELD_HINTS), and the value is scanned behind a label made of the field's name, so the type's
// own context words are near it.
import { EntityObject } from '../text/plain.js';
import type { DetectOptions, Entity } from '../types.js';
import { findDate } from '../transform/rules/dob.js';

/** How a labelled value is detected (the flow's detectors). */
export type Detect = (text: string, options?: DetectOptions) => readonly Entity[];

/**
 * Field names that mark their value's type (compared lower-case with everything but letters and
 * digits removed, so `account_no`, `accountNo` and `Account No` are one name).
 */
export const FIELD_HINTS: Readonly<Record<string, string>> = Object.freeze({
  ...hints('AADHAAR', ['aadhaar', 'aadhar', 'adhaar', 'aadhaarno', 'aadhaarnumber', 'aadharno', 'aadharnumber', 'uid', 'uidai', 'aadhaarid']),
  ...hints('PAN', ['pan', 'panno', 'pannumber', 'pancard', 'panid']),
  ...hints('PHONE', ['mobile', 'mobileno', 'mobilenumber', 'phone', 'phoneno', 'phonenumber', 'contact', 'contactno', 'contactnumber', 'mob', 'cell', 'telephone', 'whatsapp']),
  ...hints('DATE_OF_BIRTH', ['dob', 'dateofbirth', 'birthdate', 'birthday']),
  ...hints('BANK_ACCOUNT', ['accountno', 'accountnumber', 'acno', 'acctno', 'bankaccount', 'bankaccountno', 'bankaccountnumber']),
  ...hints('EMAIL', ['email', 'emailid', 'emailaddress', 'mail']),
  ...hints('PERSON', ['name', 'fullname', 'firstname', 'lastname', 'middlename', 'surname', 'customername', 'patientname', 'fathername', 'mothername', 'nominee', 'nomineename', 'applicantname',
    'holder', 'holdername', 'accountholder', 'accountholdername', 'applicant', 'beneficiary', 'beneficiaryname', 'passengername', 'guardianname', 'spousename', 'employeename']),
  ...hints('CITY', ['city', 'town', 'cityname']),
  ...hints('AGE', ['age', 'ageyears']),
  ...hints('PIN_CODE', ['pincode', 'pin', 'postalcode', 'postcode', 'zip', 'zipcode']),
  ...hints('GSTIN', ['gstin', 'gstno', 'gstnumber']),
  ...hints('IFSC', ['ifsc', 'ifsccode']),
  ...hints('UPI_ID', ['upi', 'upiid', 'vpa']),
  ...hints('PASSPORT', ['passport', 'passportno', 'passportnumber']),
  ...hints('VOTER_ID', ['voterid', 'epic', 'epicno']),
  ...hints('DRIVING_LICENCE', ['dl', 'dlno', 'drivinglicence', 'drivinglicense', 'licenceno', 'licenseno']),
  ...hints('VEHICLE_REG', ['vehicleno', 'vehiclenumber', 'registrationno', 'regno']),
  ...hints('CREDIT_CARD', ['cardno', 'cardnumber', 'creditcard', 'debitcard']),
  ...hints('ABHA', ['abha', 'abhano', 'abhanumber', 'healthid']),
  ...hints('IP_ADDRESS', ['ip', 'ipaddress']),
  ...hints('HEALTH', ['diagnosis', 'condition', 'disease', 'ailment']),
});

function hints(type: string, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, type]));
}

/** The words put in front of a hinted value so the type's own context words are near it. */
const LABELS: Readonly<Record<string, string>> = {
  AADHAAR: 'Aadhaar', PAN: 'PAN', PHONE: 'Mobile', DATE_OF_BIRTH: 'DOB', BANK_ACCOUNT: 'Account no', EMAIL: 'Email',
  PERSON: 'Name', CITY: 'City', AGE: 'Age', PIN_CODE: 'PIN code', GSTIN: 'GSTIN', IFSC: 'IFSC', UPI_ID: 'UPI ID',
  PASSPORT: 'Passport no', VOTER_ID: 'Voter ID', DRIVING_LICENCE: 'Driving licence no', VEHICLE_REG: 'Vehicle no',
  CREDIT_CARD: 'Card no', ABHA: 'ABHA number', IP_ADDRESS: 'IP address', HEALTH: 'Diagnosis',
};

export function fieldKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The type FIELD_HINTS gives a field key (from fieldKey), own entries only: a field named
 * `constructor` (any case or punctuation) must not read Object.prototype.constructor as a hint.
 */
export function fieldHint(key: string): string | undefined {
  return Object.hasOwn(FIELD_HINTS, key) ? FIELD_HINTS[key] : undefined;
}

/** `accountNo` / `account_no` → `account no` (the words a detector's context matcher sees). */
function humanise(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ').trim().slice(0, 48);
}

/** The words a field name puts in front of its value as detection context (`mobile` → `Mobile`, `accountNo` → `account No`). */
export function fieldLabel(field: string, hint: string | undefined = fieldHint(fieldKey(field))): string {
  return (hint && Object.hasOwn(LABELS, hint) ? LABELS[hint] : undefined) ?? humanise(field);
}

/** Types whose value can be forced from the field name alone (no checksum to confirm it). */
function lenientlyValid(type: string, value: string): boolean {
  switch (type) {
    case 'PERSON':
    case 'CITY':
    case 'HEALTH':
      return /\p{L}/u.test(value) && value.length <= 100 && value.split(/\s+/).length <= 8;
    case 'AGE':
      return /^[0-9\u0966-\u096F]{1,3}$/.test(value) && Number(value.replace(/[\u0966-\u096F]/g, (c) => String(c.charCodeAt(0) - 0x0966))) <= 130;
    case 'DATE_OF_BIRTH':
      return findDate(value, new Date()) !== undefined;
    case 'PIN_CODE':
      return /^[1-9\u0967-\u096F][0-9\u0966-\u096F]{2}\x20?[0-9\u0966-\u096F]{3}$/.test(value);
    default:
      return false;
  }
}

/** Find what to scan in a labelled value: detected spans inside the value, the hinted type forced when it validates. */
export function fieldDetector(label: string, hint: string | undefined, detectOptions: DetectOptions | undefined, detect: Detect): (text: string) => Entity[] {
  const off = label.length + 2;
  return (text: string): Entity[] => {
    // Pushed, not filtered and mapped: one elements kind for every entity array the plan reads (src/text/plain.ts).
    const found: Entity[] = [];
    for (const e of detect(text, detectOptions)) {
      if (e.end > off) found.push(e.start < off ? { ...e, start: off, text: text.slice(off, e.end) } : e);
    }
    if (!hint) return found;
    const raw = text.slice(off);
    const lead = raw.length - raw.trimStart().length;
    const value = raw.trim();
    if (!value) return found;
    const start = off + lead;
    const end = start + value.length;
    const whole = found.find((e) => e.start <= start && e.end >= end);
    if (whole && whole.type === hint) return found;
    if (found.some((e) => e.type === hint)) return found;
    let valid = lenientlyValid(hint, value);
    if (!valid) {
      const strict = detect(text, { entities: [hint], minScore: 0 });
      valid = strict.some((e) => e.start <= start && e.end >= end);
    }
    if (!valid) return found;
    const forced: Entity = new EntityObject(hint, start, end, value, 1, 'field-name');
    const out: Entity[] = [];
    for (const e of found) if (e.end <= start || e.start >= end) out.push(e);
    out.push(forced);
    return out.sort((a, b) => a.start - b.start);
  };
}

