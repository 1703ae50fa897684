// Templates for records that contain personal data. Each writes text through the Kit's builder;
// labels come only from ent(...) pieces, so every span is computed, never typed.
import { ent, plain, type Piece } from './builder.js';
import { DEVANAGARI_CITIES, HEALTH, MISC } from './data.js';
import type { Kit } from './kit.js';

export interface Template {
  name: string;
  kind: string;
  weight: number;
  run: (k: Kit) => void;
}

const surnameInitial = (s: string | undefined): string | undefined => {
  const last = s?.split(' ').at(-1);
  return last && /^[A-Z]/.test(last) ? last[0] : undefined;
};

export const POSITIVE: readonly Template[] = [
  {
    name: 'chat-bank-letter', kind: 'chat', weight: 6,
    run: (k) => {
      const { name, e } = k.person('full');
      const [code, bankName] = k.v.bank();
      k.w`${k.pick(['Please draft', 'Can you write', 'Write', 'Help me write'])} a ${k.pick(['formal', 'short', 'polite'])} letter to ${bankName} asking them to update my registered mobile number to ${k.v.mobile()} for my savings ${k.pick(['A/c No. ', 'account number ', 'account no. '])}${k.v.account(code)}. `;
      k.w`My name is ${e} and my PAN is ${k.v.pan(surnameInitial(name.surname))}. `;
      if (k.r.chance(0.5)) k.w`The branch IFSC is ${k.v.ifsc(code)}. `;
      k.w`${k.pick(['Keep it under 150 words.', 'Mention that the old SIM is lost.', 'Use a respectful tone.', ''])}`;
    },
  },
  {
    name: 'chat-resume', kind: 'chat', weight: 4,
    run: (k) => {
      const { name, e } = k.person(k.pick(['full', 'lower'] as const));
      const { e: c } = k.city();
      k.w`${k.pick(['Improve my resume summary:', 'Rewrite this profile for LinkedIn:', 'Fix grammar:'])} "I am ${e}, ${k.age(k.r.int(21, 45))}, a ${k.pick(['software engineer', 'chartered accountant', 'staff nurse', 'data analyst', 'civil engineer', 'sales executive'])} based in ${c} with ${k.r.int(2, 15)} years of experience. `;
      k.w`Reach me at ${k.v.email(name.given.split(' ')[0]!, name.surname?.split(' ').at(-1))} or ${k.v.mobile()}."`;
    },
  },
  {
    name: 'support-ticket', kind: 'ticket', weight: 6,
    run: (k) => {
      const { name, e } = k.person();
      k.w`Ticket #${k.r.int(100000, 999999)} | Priority: ${k.pick(['High', 'Medium', 'Low'])}\nCustomer: ${e}\nMobile: ${k.v.mobile()}\n`;
      k.w`Issue: Refund of ${k.v.amount()} for order ${k.v.orderId()} not received ${k.pick(['after 7 days', 'yet', 'since last week'])}. `;
      k.w`Paid via UPI from ${k.v.upi(name.given.split(' ')[0]!, name.surname?.split(' ').at(-1))}. Registered email ${k.v.email(name.given.split(' ')[0]!, name.surname?.split(' ').at(-1))}.`;
    },
  },
  {
    name: 'kyc-form', kind: 'kyc', weight: 8,
    run: (k) => {
      const { name } = k.person();
      const father = k.n.random(name.region, 'm');
      const caps = k.r.chance(0.5);
      const st = caps ? 'caps' : 'full';
      const p = k.v.birthDate(1950, 2004);
      const rel = name.gender === 'm' ? 'S/o' : k.pick(['D/o', 'W/o']);
      k.w`KYC APPLICATION FORM\nName: ${k.n.person(st, name)}\n${rel}: ${k.n.person(st, father)}\n${k.dob(p)}\n`;
      k.w`PAN: ${k.v.pan(surnameInitial(name.surname))}\nAadhaar No.: ${k.v.aadhaar()}\n`;
      k.w`Address: ${k.address()}\nMobile: ${k.v.mobile()}\nEmail: ${k.v.email(name.given.split(' ')[0]!, name.surname?.split(' ').at(-1))}`;
      if (k.r.chance(0.3)) k.w`\nOccupation: ${k.pick(['Salaried', 'Self-employed', 'Homemaker', 'Student', 'Retired'])}`;
    },
  },
  {
    name: 'neft-instruction', kind: 'bank', weight: 7,
    run: (k) => {
      const { e } = k.person();
      const [code, bankName] = k.v.bank();
      const { e: c } = k.city();
      k.w`${k.pick(['Kindly transfer', 'Please remit', 'Request you to transfer'])} ${k.v.amount()} via ${k.pick(['NEFT', 'IMPS', 'RTGS'])} to beneficiary ${e}, `;
      k.w`${k.pick(['A/c No. ', 'Account Number: ', 'a/c ', 'Beneficiary account no. '])}${k.v.account(code)}, IFSC ${k.v.ifsc(code)} (${bankName}, ${c} branch). `;
      k.w`${k.pick(['Debit my account and share the UTR.', 'Purpose: school fees.', 'Purpose: rent for the month.', 'Remarks: invoice settlement.'])}`;
    },
  },
  {
    name: 'imps-hinglish', kind: 'hinglish', weight: 4,
    run: (k) => {
      const { e } = k.person(k.pick(['full', 'lower', 'given'] as const));
      const [code] = k.v.bank();
      k.w`${k.pick(['bhai', 'yaar', 'sir', 'didi'])} ${e} ke ${k.pick(['account', 'khata', 'a/c'])} me ${k.r.int(1, 50) * 500} ${k.pick(['bhej do', 'transfer kar do', 'daal do'])}, `;
      k.w`${k.pick(['khata number ', 'a/c no ', 'account number '])}${k.v.account(code)}, IFSC ${k.v.ifsc(code)}. ${k.pick(['urgent hai', 'aaj hi chahiye', 'thanks'])}`;
    },
  },
  {
    name: 'hinglish-aadhaar', kind: 'hinglish', weight: 5,
    run: (k) => {
      const { e } = k.person(k.pick(['lower', 'full', 'caps'] as const));
      k.w`${k.pick(['mera aadhaar number', 'mera aadhar no.', 'aadhaar card ka number', 'mera UID'])} ${k.v.aadhaar()} hai, ${k.pick(['update kar do', 'isme address change karna hai', 'PAN se link kar do'])}. `;
      k.w`naam ${e}, ${k.dob()}${k.r.chance(0.5) ? ', ' : '.'}`;
      if (k.b.toString().endsWith(', ')) k.w`phone ${k.v.mobile()}.`;
    },
  },
  {
    name: 'hinglish-health', kind: 'hinglish', weight: 5,
    run: (k) => {
      const rel = k.pick(['papa', 'mummy', 'dadi', 'nanaji', 'meri wife', 'mere bhai']);
      const h1 = k.r.chance(0.5) ? ent('HEALTH', k.pick(HEALTH.hinglish)) : k.condition();
      k.w`${k.pick(['doctor sahab', 'sir', 'hello'])}, mere ${rel} ko ${h1} hai, unki ${k.pick(['age', 'umar'])} ${ent('AGE', String(k.r.int(45, 82)))} hai. `;
      k.w`kya ${k.medicine()} ${k.pick(['de sakte hain', 'le sakte hain', 'safe hai'])} ${k.r.chance(0.5) ? [ent('HEALTH', k.pick(HEALTH.hinglishSymptoms)), ' ke liye'] : k.pick(['raat ko', 'khali pet'])}? `;
      if (k.r.chance(0.6)) k.w`${k.pick(['abhi', 'pehle se'])} ${k.medicine()} chal rahi hai. ${k.pick(['hum', 'ghar'])} ${k.city().e} me hain.`;
    },
  },
  {
    name: 'csv-hr', kind: 'csv', weight: 5,
    run: (k) => {
      k.w`emp_id,name,dob,pan,bank_account,ifsc,city\n`;
      const rows = k.r.int(2, 4);
      for (let i = 0; i < rows; i++) {
        const { name, e } = k.person(k.pick(['full', 'caps', 'full'] as const));
        const [code] = k.v.bank();
        k.w`E${k.r.int(1000, 9999)},${e},${k.v.dob(undefined, k.pick([0, 1, 4]))},${k.v.pan(surnameInitial(name.surname))},${k.v.account(code)},${k.v.ifsc(code)},${k.city().e}`;
        if (i < rows - 1) k.w`\n`;
      }
    },
  },
  {
    name: 'json-customer', kind: 'json', weight: 5,
    run: (k) => {
      const { name, e } = k.person();
      const f = name.given.split(' ')[0]!;
      const l = name.surname?.split(' ').at(-1);
      const fields: Array<[string, Piece]> = [
        ['customer_name', e], ['mobile', k.v.mobile(k.pick([4, 5, 7]))], ['email', k.v.email(f, l)], ['pan', k.v.pan(surnameInitial(name.surname))],
      ];
      if (k.r.chance(0.5)) fields.push(['upi', k.v.upi(f, l)]);
      if (k.r.chance(0.5)) fields.push(['city', k.city().e]);
      if (k.r.chance(0.4)) fields.push(['last_login_ip', k.v.ip()]);
      fields.push(['kyc_status', k.pick(['VERIFIED', 'PENDING'])], ['created_at', k.v.timestamp()]);
      k.w`{`;
      fields.forEach(([key, val], i) => k.w`${i ? ', ' : ''}"${key}": "${val}"`);
      k.w`}`;
    },
  },
  {
    name: 'doc-rent-agreement', kind: 'document', weight: 4,
    run: (k) => {
      const a = k.person('full');
      const af = k.n.random(a.name.region, 'm');
      const t = k.person('full');
      const { c } = k.city();
      k.w`RENTAL AGREEMENT\n\nThis agreement is made on ${k.v.otherDate(3)} at ${k.city(c).e} between ${k.n.titled(a.name)}, ${a.name.gender === 'm' ? 'S/o' : 'D/o'} ${k.n.person('full', af)}, ${k.age(k.r.int(35, 75))}, residing at ${k.address(c)} (hereinafter called the OWNER), `;
      k.w`and ${k.n.titled(t.name)}, ${k.age(k.r.int(22, 45))}, holding Aadhaar ${k.v.aadhaar('space')} (hereinafter called the TENANT).\n\n`;
      k.w`The monthly rent of ${k.v.amount()} shall be paid on or before the 5th of every month to the OWNER's account no. ${k.v.account()} (IFSC ${k.v.ifsc()}). The security deposit is ${k.v.amount()}.\n\n`;
      k.w`Contact: OWNER ${k.v.mobile()}, TENANT ${k.v.mobile()}.`;
    },
  },
  {
    name: 'medical-opd-note', kind: 'medical', weight: 7,
    run: (k) => {
      const { name, e } = k.person(k.pick(['full', 'caps'] as const));
      const age = k.r.int(18, 88);
      k.w`OPD NOTE  ${k.v.otherDate(0)}\nPatient: ${e}, ${ent('AGE', String(age))}/${name.gender === 'm' ? 'M' : 'F'}, ${k.city().e}\n`;
      if (k.r.chance(0.4)) k.w`ABHA No: ${k.v.abhaNumber()}\n`;
      k.w`K/c/o ${k.abbrev()}, ${k.abbrev()} on ${k.medicine()}${k.dose()} ${k.freq()}.\nC/o ${k.symptom()} x ${k.r.int(2, 6)} days, ${k.symptom()}.\n`;
      k.w`Dx: ${k.condition()}\nRx: ${k.medicine()}${k.dose()} ${k.freq()} x ${k.r.int(3, 10)} days; ${k.medicine()} ${k.freq()}\n`;
      k.w`Review after ${k.r.int(1, 3)} week(s).\n${k.n.titled(k.n.random(undefined, k.r.chance(0.5) ? 'm' : 'f'))} (MBBS, MD)`;
    },
  },
  {
    name: 'medical-prescription', kind: 'medical', weight: 5,
    run: (k) => {
      const { name } = k.person();
      const p = k.v.birthDate(1940, 2000);
      k.w`Rx\nName: ${k.n.titled(name)}   ${k.age(k.v.ageOf(p), name.gender)}\n${k.dob(p)}\n`;
      const n = k.r.int(2, 4);
      for (let i = 1; i <= n; i++) k.w`${i}. ${k.medicine()}${k.dose()} ${k.freq()}\n`;
      k.w`Diagnosis: ${k.condition()}${k.r.chance(0.5) ? [' with ', k.condition()] : ''}\nAdvice: ${k.pick(['low salt diet', 'walk 30 min daily', 'review with reports', 'HbA1c after 3 months'])}`;
    },
  },
  {
    name: 'medical-discharge', kind: 'medical', weight: 5,
    run: (k) => {
      const { name, e } = k.person('full');
      const he = name.gender === 'm' ? 'He' : 'She';
      k.w`DISCHARGE SUMMARY\n\n${e}, a ${ent('AGE', String(k.r.int(30, 85)))}-year-old ${name.gender === 'm' ? 'male' : 'female'} from ${k.city().e}, was admitted on ${k.v.otherDate(0)} with ${k.condition()}. `;
      k.w`${he} is a known case of ${k.condition()} and ${k.abbrev()}. ${he} was treated with ${k.medicine()} and ${k.medicine()}.\n\n`;
      k.w`Condition at discharge: stable. Follow up in ${k.pick(['cardiology', 'nephrology', 'medicine', 'pulmonology'])} OPD. Emergency contact: ${k.v.phone()}.`;
    },
  },
  {
    name: 'hr-record', kind: 'hr', weight: 6,
    run: (k) => {
      const { name, e } = k.person();
      const f = name.given.split(' ')[0]!;
      const l = name.surname?.split(' ').at(-1);
      const [code, bankName] = k.v.bank();
      const em = k.person('full');
      k.w`Employee: ${e} | Emp ID: ${k.pick(['EMP', 'TCS', 'INF', 'E'])}${k.r.int(10000, 99999)} | ${k.dob()} | PAN: ${k.v.pan(surnameInitial(name.surname))}\n`;
      k.w`Salary A/c: ${k.v.account(code)} (${bankName}), IFSC: ${k.v.ifsc(code)}\n`;
      k.w`Work email: ${k.v.email(f, l, true)} | Personal: ${k.v.email(f, l)} | Mobile: ${k.v.mobile()}\n`;
      const relation = em.name.gender === 'm' ? k.pick(['spouse', 'father', 'brother']) : k.pick(['spouse', 'mother', 'sister']);
      k.w`Emergency contact: ${em.e} (${relation}) ${k.v.phone()}`;
    },
  },
  {
    name: 'delivery-address', kind: 'address', weight: 7,
    run: (k) => {
      const { e } = k.person(k.pick(['full', 'caps', 'lower', 'full'] as const));
      const one = k.r.chance(0.4);
      k.w`${k.pick(['Deliver to:', 'Shipping address:', 'Ship to', 'Delivery Address -'])} ${e}${one ? ', ' : '\n'}${k.address(undefined, one)}${one ? '. ' : '\n'}`;
      k.w`${k.pick(['Ph: ', 'Mobile: ', 'Contact ', 'Phone - '])}${k.v.phone()}${one ? '. ' : '\n'}${k.pick(['Landmark: near Hanuman temple', 'Landmark: opp. SBI ATM', 'Call before delivery', 'Leave with security', 'Landmark: behind bus stand'])}`;
    },
  },
  {
    name: 'gst-invoice', kind: 'document', weight: 5,
    run: (k) => {
      const { e } = k.person(k.pick(['full', 'caps'] as const));
      const { c, e: ce } = k.city();
      const biz = k.business();
      const fy = k.r.int(2022, 2025);
      k.w`TAX INVOICE\nSeller: ${biz}, ${k.city().e}\nGSTIN: ${k.v.gstin(biz[0])}\nInvoice No: INV/${fy}-${(fy + 1) % 100}/${k.r.padded(1, 9999, 5)}  Date: ${k.v.otherDate(k.pick([0, 2]))}\n`;
      k.w`Bill to: ${e}, ${ce} - ${k.v.pin(c)}${k.r.chance(0.4) ? [', GSTIN ', k.v.gstin()] : ''}\nTaxable value: ${k.v.amount()}  CGST 9%  SGST 9%\nTotal: ${k.v.amount()}`;
    },
  },
  {
    name: 'vehicle-insurance', kind: 'ticket', weight: 6,
    run: (k) => {
      const { e } = k.person();
      k.w`${k.pick(['Motor insurance renewal', 'Challan query', 'RC transfer request', 'FASTag KYC'])}: Vehicle No. ${k.v.vehicle()}, owner ${e}, `;
      k.w`${k.pick(['DL No. ', 'Driving Licence: ', 'DL number ', 'licence no. '])}${k.v.drivingLicence()}, mobile ${k.v.mobile()}. `;
      k.w`${k.pick(['Policy expires on', 'Challan issued on', 'Request raised on'])} ${k.v.otherDate()}.`;
    },
  },
  {
    name: 'passport-travel', kind: 'form', weight: 5,
    run: (k) => {
      const { name } = k.person();
      const p = k.v.birthDate(1955, 2006);
      k.w`${k.pick(['Visa application', 'Flight booking - traveller details', 'Passport renewal'])}\nName as in passport: ${k.n.person('caps', name)}\n${k.pick(['Passport No.: ', 'Passport number ', 'Passport: '])}${k.v.passport()}\n`;
      k.w`${k.dob(p)}\nPlace of birth: ${k.city().e}\n${k.pick(['Mobile', 'Contact'])}: ${k.v.phone()}\nEmail: ${k.v.email(name.given.split(' ')[0]!, name.surname?.split(' ').at(-1))}`;
    },
  },
  {
    name: 'voter-id', kind: 'form', weight: 5,
    run: (k) => {
      const { name } = k.person();
      const father = k.n.random(name.region, 'm');
      k.w`${k.pick(['EPIC No.', 'Voter ID', 'Elector Photo Identity Card No.', 'voter id card no'])} ${k.v.voterId()}\nElector's Name: ${k.n.person(k.pick(['full', 'caps'] as const), name)}\n`;
      k.w`${k.pick(["Father's Name", "Husband's Name"])}: ${k.n.person('full', father)}\nSex: ${name.gender === 'm' ? 'Male' : 'Female'}  ${k.age(k.r.int(18, 90), name.gender)}\n`;
      k.w`Address: ${k.address()}`;
    },
  },
  {
    name: 'it-log', kind: 'log', weight: 4,
    run: (k) => {
      const { name } = k.person();
      const f = name.given.split(' ')[0]!;
      const l = name.surname?.split(' ').at(-1);
      k.w`${k.v.timestamp()} WARN auth: failed login for ${k.v.email(f, l, k.r.chance(0.5))} from ${k.v.ipv4()} (attempt ${k.r.int(2, 5)})\n`;
      k.w`${k.v.timestamp()} INFO auth: login ok for ${k.v.email(f, l, true)} from ${k.v.ip()} session=${k.v.epoch()}\n`;
      k.w`${k.v.timestamp()} INFO api: GET /v${k.r.int(1, 3)}/profile 200 ${k.r.int(5, 400)}ms client=${k.v.ipv6()}`;
    },
  },
  {
    name: 'abha-registration', kind: 'medical', weight: 4,
    run: (k) => {
      const { name, e } = k.person();
      const f = name.given.split(' ')[0]!;
      const l = name.surname?.split(' ').at(-1);
      k.w`${k.pick(['ABHA registration successful.', 'Ayushman Bharat Health Account created.', 'Your ABHA is ready.'])} Name: ${e}\n`;
      k.w`ABHA Number: ${k.v.abhaNumber()}\nABHA Address: ${k.v.abhaAddress(f, l)}\n`;
      k.w`Linked mobile: ${k.v.mobile()}  ${k.dob()}`;
    },
  },
  {
    name: 'card-dispute', kind: 'chat', weight: 6,
    run: (k) => {
      const { e } = k.person(k.pick(['full', 'lower'] as const));
      k.w`${k.pick(['Help me write a complaint:', 'Draft an email to my bank:', 'I need to dispute a charge.'])} There is an unknown transaction of ${k.v.amount()} on my ${k.pick(['credit card', 'card', 'debit card', 'RuPay card'])} ${k.v.card()} `;
      k.w`dated ${k.v.otherDate(k.pick([0, 2]))} at a merchant I do not recognise. I am ${e}, ${k.pick(['registered mobile', 'phone'])} ${k.v.mobile()}. Please block the card and raise a chargeback.`;
    },
  },
  {
    name: 'upi-payment-chat', kind: 'chat', weight: 5,
    run: (k) => {
      const { name, e } = k.person(k.pick(['given', 'full', 'lower'] as const));
      const f = name.given.split(' ')[0]!;
      const l = name.surname?.split(' ').at(-1);
      k.w`${k.pick(['Send the advance to', 'Pay', 'GPay kar do'])} ${e} ${k.pick(['on', 'at', 'ko'])} ${k.v.upi(f, l)}`;
      k.w`${k.r.chance(0.5) ? [' or PhonePe on ', k.v.mobile(k.pick([4, 6]))] : ''}. ${k.pick(['Amount', 'Total'])} ${k.v.amount()}${k.pick(['.', ' only.', ', thanks!'])}`;
    },
  },
  {
    name: 'devanagari-form', kind: 'devanagari', weight: 5,
    run: (k) => {
      const p = k.v.birthDate(1950, 2005);
      const [cityName, pin3] = k.pick(DEVANAGARI_CITIES);
      const city = ent('CITY', cityName);
      k.w`नाम: ${k.n.devanagari()}\nजन्म तिथि: ${k.v.dob(p, k.pick([0, 1, 5]))}\nउम्र: ${ent('AGE', String(k.v.ageOf(p)))} वर्ष\n`;
      k.w`पता: मकान नं. ${k.r.int(1, 300)}, ${city} - ${ent('PIN_CODE', `${pin3}0${k.r.padded(1, 99, 2)}`)}\n`;
      k.w`${k.pick(['आधार', 'आधार संख्या', 'आधार नंबर'])}: ${k.v.aadhaar(k.pick(['space', 'deva'] as const))}\nमोबाइल: ${k.v.mobile(4)}`;
    },
  },
  {
    name: 'letter-signoff', kind: 'email', weight: 6,
    run: (k) => {
      const { name, e } = k.person(k.pick(['full', 'full', 'initialFirst', 'initialLast'] as const));
      const f = name.given.split(' ')[0]!;
      const l = name.surname?.split(' ').at(-1);
      const to = k.n.random();
      k.w`${k.pick(['Dear', 'Hi', 'Respected'])} ${k.n.titled(to, k.pick(['full', 'surnameOnly'] as const))},\n\n`;
      k.w`${k.pick(['Please find attached the signed documents for the home loan.', 'As discussed, I am sharing the revised quotation.', 'Kindly confirm the meeting slot for next week.', 'I will be on leave from Monday; please contact my team.'])}\n\n`;
      k.w`${k.pick(['Regards', 'Warm regards', 'Thanks & Regards', 'Sincerely'])},\n${e}\n${k.v.phone()} | ${k.v.email(f, l, k.r.chance(0.5))}`;
    },
  },
  {
    name: 'thanks-single-name', kind: 'chat', weight: 5,
    run: (k) => {
      const { e } = k.person('given');
      k.w`${k.pick(['That worked perfectly, thank you!', 'Got it, will try tomorrow.', 'Perfect, please send the final version.', 'Okay noted.'])} ${k.pick(['Thanks, ', 'Thanks a lot - ', 'Regards, ', 'Cheers, ', '— '])}${e}`;
      const tail = k.r.int(0, 4);
      if (tail === 0) k.w`\nSent from my iPhone`;
      else if (tail === 1) k.w`\nPS: call me on ${k.v.mobile()}`;
    },
  },
  {
    name: 'lowercase-chat', kind: 'chat', weight: 6,
    run: (k) => {
      const { name, e } = k.person('lower');
      k.w`${k.pick(['hi', 'hello', 'hey', 'namaste'])} ${k.pick(['my name is', 'i am', 'this is', "i'm"])} ${e} and i ${k.pick(['live in', 'stay in', 'am from'])} ${ent('CITY', plain(k.city().e).toLowerCase())}. `;
      k.w`${k.pick(['my number is', 'whatsapp me on', 'call me at'])} ${k.v.mobile(k.pick([4, 2]))}${k.r.chance(0.5) ? [' and mail is ', k.v.email(name.given.split(' ')[0]!, name.surname?.split(' ').at(-1))] : ''}. ${k.pick(['can you help with my itr?', 'need help with a loan', 'want to book a test drive', 'pls reply asap'])}`;
    },
  },
  {
    name: 'matrimonial-profile', kind: 'document', weight: 4,
    run: (k) => {
      const { name, e } = k.person('full');
      const p = k.v.birthDate(1985, 2000);
      k.w`Profile: ${e}\n${k.age(k.v.ageOf(p), name.gender)}, ${k.dob(p)}\nHeight: 5'${k.r.int(0, 11)}"  Education: ${k.pick(['B.Tech', 'MBA', 'MBBS', 'B.Com', 'M.Sc'])}\n`;
      k.w`Working at ${k.pick(MISC.companies)} in ${k.city().e}\nContact ${k.pick(["father", "mother", "brother"])}: ${k.n.titled(k.n.random(name.region, 'm'))} ${k.v.mobile()}`;
    },
  },
  {
    name: 'school-admission', kind: 'form', weight: 4,
    run: (k) => {
      const child = k.n.random();
      const father = k.n.random(child.region, 'm');
      const mother = k.n.random(child.region, 'f');
      const p = k.v.birthDate(2012, 2020);
      k.w`ADMISSION FORM - Class ${k.r.int(1, 9)}\nStudent's Name: ${k.n.person(k.pick(['full', 'caps'] as const), child)}\n${k.dob(p)}  ${k.age(k.v.ageOf(p), child.gender)}\n`;
      k.w`Father's Name: ${k.n.titled(father)}\nMother's Name: ${k.n.titled(mother)}\n`;
      k.w`Residential Address: ${k.address()}\nParent's Mobile: ${k.v.mobile()}  Aadhaar (student): ${k.v.aadhaar()}`;
    },
  },
  {
    name: 'insurance-claim', kind: 'medical', weight: 4,
    run: (k) => {
      const { e } = k.person();
      k.w`Cashless claim intimation\nPolicy holder: ${e}, ${k.age(k.r.int(25, 80))}\nHospital: ${k.pick(['Apollo Hospitals', 'Fortis Hospital', 'Manipal Hospital', 'AIIMS', 'KEM Hospital', 'CMC'])}, ${k.city().e}\n`;
      k.w`Diagnosis: ${k.condition()}\nEstimated amount: ${k.v.amount()}\nMember ID: ${k.r.letters(2)}-${k.r.digits(8)}\nContact: ${k.v.phone()}`;
    },
  },
  {
    name: 'pharmacy-order', kind: 'chat', weight: 4,
    run: (k) => {
      const { e } = k.person(k.pick(['full', 'lower'] as const));
      k.w`${k.pick(['Please order', 'Need these medicines:', 'Repeat my monthly order:'])} ${k.medicine()} x${k.r.int(1, 3)}, ${k.medicine()} x${k.r.int(1, 3)}${k.r.chance(0.5) ? [', ', k.medicine(), ' x1'] : ''} `;
      k.w`for ${e} (${k.pick(['for', 'managing', 'prescribed for'])} ${k.condition()}). Deliver to ${k.address()}. Pay by UPI.`;
    },
  },
  {
    name: 'police-complaint', kind: 'document', weight: 4,
    run: (k) => {
      const { name } = k.person('full');
      const father = k.n.random(name.region, 'm');
      const { c } = k.city();
      k.w`To\nThe Station House Officer,\n${k.pick(['Kotwali', 'Cyber Crime', 'Sector 20', 'Central'])} Police Station, ${k.city(c).e}\n\nSubject: Loss of documents\n\n`;
      k.w`Sir, I, ${k.n.person('full', name)}, ${name.gender === 'm' ? 'S/o' : 'D/o'} ${k.n.titled(father)}, ${k.age(k.r.int(20, 70))}, resident of ${k.address(c)}, lost my wallet on ${k.v.otherDate(3)}. `;
      k.w`It contained my Aadhaar card (${k.v.aadhaar()}), PAN card (${k.v.pan(surnameInitial(name.surname))}) and driving licence (${k.v.drivingLicence()}). I request you to register my complaint.\n\nYours faithfully,\n${k.n.person('full', name)}\n${k.v.mobile()}`;
    },
  },
  {
    name: 'bank-sms-masked', kind: 'bank', weight: 3,
    run: (k) => {
      const { e } = k.person(k.pick(['caps', 'full', 'given'] as const));
      k.w`Dear ${e}, ${k.v.amount()} debited from A/c XX${k.r.digits(4)} on ${k.v.otherDate(2)} to VPA ${k.v.upi(k.pick(['shop', 'kirana', 'chaiwala', 'medico']), undefined)}. `;
      k.w`Not you? Call ${k.v.landline()} or SMS BLOCK to ${k.r.int(56100, 56799)}.`;
    },
  },
  {
    name: 'gst-registration', kind: 'form', weight: 4,
    run: (k) => {
      const { name, e } = k.person('full');
      const biz = k.business();
      k.w`GST registration details for ${biz}\nProprietor: ${e}\nGSTIN: ${k.v.gstin(biz[0])}\nProprietor PAN: ${k.v.pan(surnameInitial(name.surname))}\n`;
      k.w`Principal place of business: ${k.address()}\nBank: ${k.v.bank()[1]}, IFSC ${k.v.ifsc()}\nEmail: ${k.v.email(name.given.split(' ')[0]!, name.surname?.split(' ').at(-1))}`;
    },
  },
  {
    name: 'wifi-support', kind: 'ticket', weight: 3,
    run: (k) => {
      const { e } = k.person();
      k.w`Broadband complaint: customer ${e} (${k.v.mobile()}) reports slow speed at ${k.address()}. `;
      k.w`Router WAN IP ${k.v.ipv4()}, IPv6 prefix ${k.v.ipv6()}. Plan: ${k.r.int(1, 3) * 100} Mbps. Technician visit on ${k.v.otherDate(2)}.`;
    },
  },
  {
    name: 'multi-paragraph-letter', kind: 'document', weight: 4,
    run: (k) => {
      const { name } = k.person('full');
      const { c } = k.city();
      const p = k.v.birthDate(1940, 1965);
      const bank = k.v.bank();
      k.w`To whom it may concern,\n\nThis is to certify that ${k.n.titled(name)}, born on ${k.v.dob(p)}, has been a resident of ${k.city(c).e} for over ${k.r.int(10, 40)} years and is known to me personally. `;
      k.w`${name.gender === 'm' ? 'He' : 'She'} is a pensioner drawing pension from ${bank[1]}, account ${k.v.account(bank[0])}.\n\n`;
      k.w`${name.gender === 'm' ? 'He' : 'She'} is under treatment for ${k.condition()} and requires assistance to travel.\n\n`;
      k.w`${k.n.titled(k.n.random(undefined, 'm'))}\n${k.pick(['Ward Councillor', 'Gazetted Officer', 'Medical Officer'])}, ${k.city(c).e}\nPhone: ${k.v.landline(c)}`;
    },
  },
  {
    name: 'form-fill-chat', kind: 'chat', weight: 6,
    run: (k) => {
      const { name, e } = k.person(k.pick(['full', 'lower', 'caps'] as const));
      const items: Array<[string, () => import('./builder.js').Piece]> = [
        ['passport no', () => k.v.passport()], ['voter id', () => k.v.voterId()], ['DL', () => k.v.drivingLicence()],
        ['vehicle', () => k.v.vehicle()], ['card', () => k.v.card()], ['PAN', () => k.v.pan(surnameInitial(name.surname))],
        ['mobile', () => k.v.mobile()], ['email', () => k.v.email(name.given.split(' ')[0]!, name.surname?.split(' ').at(-1))],
      ];
      const chosen = items.filter(() => k.r.chance(0.45));
      if (chosen.length < 2) chosen.push(items[k.r.int(0, 4)]!);
      k.w`${k.pick(['Fill this visa form with my details:', 'Use these details for the hotel check-in form:', 'Autofill the registration with:', 'Save my details for later:'])} name ${e}`;
      for (const [label, make] of chosen) k.w`, ${label} ${make()}`;
      k.w`. ${k.pick(['Thanks!', 'Do not share it anywhere.', 'Check the format please.', ''])}`;
    },
  },
  {
    name: 'society-parking', kind: 'ticket', weight: 3,
    run: (k) => {
      const { e } = k.person();
      k.w`${k.pick(['Parking sticker request', 'Visitor entry', 'Gate pass'])} - Flat ${k.r.pick(['A', 'B', 'C'])}-${k.r.int(101, 1204)}: ${e}, vehicles ${k.v.vehicle()} and ${k.v.vehicle()}. `;
      k.w`${k.pick(['Contact', 'Intercom / mobile'])}: ${k.v.mobile()}.`;
    },
  },
];
