// Hard negatives: text that looks like it carries personal data and does not. No template here may
// emit an ent(...); the generator asserts that every record from this list has no spans.
import { CITY_IN_ORG_NAMES, MISC } from './data.js';
import type { Kit } from './kit.js';
import type { Template } from './positive.js';

export const NEGATIVE: readonly Template[] = [
  {
    name: 'n-order-shipped', kind: 'negative-commerce', weight: 6,
    run: (k) => {
      k.w`Your order ${k.v.orderId()} for ${k.pick(MISC.products)} has been ${k.pick(['shipped', 'delivered', 'packed', 'cancelled'])}. `;
      k.w`Amount paid: ${k.v.amount()}. Track with AWB ${k.r.digits(12).replace(/^./, '1')} on the app. Expected by ${k.v.otherDate(3)}.`;
    },
  },
  {
    name: 'n-neft-credit', kind: 'negative-bank', weight: 6,
    run: (k) => {
      k.w`${k.pick(['NEFT', 'IMPS', 'RTGS'])} credit of ${k.v.amount()} received in A/c XX${k.r.digits(4)} on ${k.v.timestamp()}. `;
      k.w`${k.pick(['UTR', 'UTR No.', 'RRN', 'Ref no'])} ${k.v.utr()}. Avl bal ${k.v.amount()}.`;
    },
  },
  {
    name: 'n-otp', kind: 'negative-sms', weight: 5,
    run: (k) => {
      k.w`${k.pick(['OTP is', 'Your OTP is', 'Use OTP', 'One Time Password:'])} ${k.v.otp()} for ${k.pick(['txn of ' + k.v.amount(), 'login', 'changing your UPI PIN', 'e-KYC'])}. `;
      k.w`Valid for ${k.r.int(3, 10)} mins. Do not share it with anyone. Ref ${k.v.twelveNonAadhaar()}.`;
    },
  },
  {
    name: 'n-reference-numbers', kind: 'negative-utility', weight: 6,
    run: (k) => {
      k.w`Electricity bill: Consumer No. ${k.v.twelveNonAadhaar()}, Meter No. ${k.r.digits(8)}, Units ${k.r.int(80, 900)}, `;
      k.w`Bill amount ${k.v.amount()}, due date ${k.v.otherDate(k.pick([0, 1, 2]))}. Pay before due date to avoid a surcharge of ${k.v.amount()}.`;
    },
  },
  {
    name: 'n-product-codes', kind: 'negative-inventory', weight: 4,
    run: (k) => {
      k.w`Stock update: SKU ${k.v.fakePan()} qty ${k.r.int(1, 500)}, SKU ${k.v.fakePan()} qty ${k.r.int(1, 500)}, batch ${k.r.letters(2)}${k.r.digits(6)}, `;
      k.w`MRP ${k.v.amount()}, mfg ${k.pick(['03/2024', '11/2023', 'Jan 2025'])}, exp ${k.pick(['02/2026', '10/2025', 'Dec 2026'])}.`;
    },
  },
  {
    name: 'n-bad-gstin', kind: 'negative-tax', weight: 4,
    run: (k) => {
      k.w`${k.pick(['Validation error:', 'GST portal says', 'Please recheck -'])} the GSTIN ${k.v.badGstin()} entered on invoice INV/${k.r.int(2023, 2025)}/${k.r.padded(1, 999, 4)} `;
      k.w`${k.pick(['has an invalid check digit', 'does not exist', 'failed verification'])}. Correct it before filing GSTR-1 for ${k.pick(['March', 'Q3', 'October'])}.`;
    },
  },
  {
    name: 'n-market-news', kind: 'negative-news', weight: 5,
    run: (k) => {
      const [a, b, c] = [k.pick(MISC.companies), k.pick(MISC.companies), k.pick(MISC.companies)];
      k.w`${a} shares rose ${k.r.int(1, 9)}.${k.r.int(0, 9)}% after Q${k.r.int(1, 4)} results, while ${b} fell. `;
      k.w`Analysts expect ${c} to report revenue of ${k.v.amount()} crore. NIFTY closed at ${k.r.int(18000, 24999)}.${k.r.padded(0, 99, 2)}.`;
    },
  },
  {
    name: 'n-appointment', kind: 'negative-health-admin', weight: 5,
    run: (k) => {
      k.w`Your appointment ${k.pick(['is confirmed for', 'has been moved to', 'slot:'])} ${k.v.otherDate()} at ${k.r.int(9, 12)}:${k.pick(['00', '15', '30', '45'])} AM, ${k.pick(['OPD block B', 'room 12', 'counter 4'])}. `;
      k.w`Token no. ${k.r.int(1, 120)}. Please carry previous reports and arrive 15 minutes early.`;
    },
  },
  {
    name: 'n-durations', kind: 'negative-hr', weight: 5,
    run: (k) => {
      k.w`${k.pick(['Wanted:', 'Hiring:', 'Job opening -'])} ${k.pick(['Java developer', 'accountant', 'field sales officer', 'lab technician'])} with ${k.r.int(2, 12)} yrs experience. `;
      k.w`${k.pick(['Our founder completed', 'The company celebrates', 'The plant marks'])} ${k.r.int(20, 60)} years of service this month. Warranty: ${k.r.int(1, 5)} years. Notice period ${k.r.int(15, 90)} days.`;
    },
  },
  {
    name: 'n-versions', kind: 'negative-tech', weight: 4,
    run: (k) => {
      k.w`Release notes ${k.v.version()}: upgraded to Node ${k.r.int(18, 22)}.${k.r.int(0, 12)}.${k.r.int(0, 9)}, fixed crash on Android ${k.r.int(10, 15)}, `;
      k.w`bumped schema to ${k.v.version()}. Build ${k.v.epoch()} passed ${k.r.int(200, 2000)} tests in ${k.r.int(30, 600)} s.`;
    },
  },
  {
    name: 'n-number-soup', kind: 'negative-report', weight: 4,
    run: (k) => {
      k.w`Quarterly report: units sold ${k.r.int(100000, 999999)}, returns ${k.r.int(1000, 9999)}, revenue ${k.v.amount()}, `;
      k.w`ticket backlog ${k.r.int(100, 999)}, average resolution ${k.r.int(2, 48)} hours, NPS ${k.r.int(20, 70)}.`;
    },
  },
  {
    name: 'n-city-in-org', kind: 'negative-org', weight: 3,
    run: (k) => {
      const [a, b] = [k.pick(CITY_IN_ORG_NAMES), k.pick(CITY_IN_ORG_NAMES)];
      k.w`${k.pick(['Press release:', 'Notice:', 'Update:'])} ${a} ${k.pick(['announced new timings', 'has issued a circular', 'signed an MoU'])} with ${b}. `;
      k.w`Details are available on the official website.`;
    },
  },
  {
    name: 'n-greetings', kind: 'negative-greeting', weight: 4,
    run: (k) => {
      k.w`${k.pick(MISC.deityPhrases)}! ${k.pick(['Wishing everyone a happy', 'Warm greetings on', 'Office closed for'])} ${k.pick(MISC.festivals)}. `;
      k.w`${k.pick(['Sweets in the pantry.', 'Have a safe holiday.', 'See you all on Monday.'])}`;
    },
  },
  {
    name: 'n-assistant-generic', kind: 'negative-chat', weight: 8,
    run: (k) => {
      k.w`${k.pick([
        'Explain the difference between NEFT, RTGS and IMPS in simple words.',
        'Write a Python function that checks whether a string looks like an IFSC code.',
        'Summarise the RBI monetary policy announcement in five bullet points.',
        'What is the GST rate on restaurant bills and on packaged food?',
        "Translate 'please submit your documents by Friday' into Hindi.",
        'Give me a 7-day vegetarian meal plan under 1800 kcal.',
        'How do I file ITR-1 if I have only salary income?',
        'Suggest names for a small bakery that sells eggless cakes.',
        'What documents are needed to open a savings account? List them.',
        'Write a polite WhatsApp message reminding tenants about the society meeting.',
        'Compare term insurance and endowment plans in a table.',
        'How many lakhs make a crore, and how is 1,23,45,678 read aloud?',
      ])} ${k.pick(['Keep it short.', 'Use simple English.', '', 'Answer in Hinglish.'])}`;
    },
  },
  {
    name: 'n-log-lines', kind: 'negative-log', weight: 4,
    run: (k) => {
      for (let i = 0; i < 3; i++) {
        k.w`[${k.v.timestamp()}] ${k.pick(['INFO', 'WARN', 'DEBUG'])} job=${k.v.epoch()} ${k.pick(['batch finished', 'retrying', 'cache miss', 'queue drained'])} in ${k.r.int(2, 999)} ms`;
        if (i < 2) k.w`\n`;
      }
    },
  },
  {
    name: 'n-train-pnr', kind: 'negative-travel', weight: 4,
    run: (k) => {
      k.w`PNR ${k.r.int(2, 8)}${k.r.digits(9)}, Train ${k.r.int(12001, 22999)}, ${k.pick(['CNF', 'RAC', 'WL 12'])}, Coach ${k.pick(['B2', 'S5', 'A1', 'H1'])} Seat ${k.r.int(1, 72)}. `;
      k.w`Departure ${k.r.padded(0, 23, 2)}:${k.r.padded(0, 59, 2)} on ${k.v.otherDate(2)}. Fare ${k.v.amount()}.`;
    },
  },
  {
    name: 'n-device', kind: 'negative-device', weight: 3,
    run: (k) => {
      const body = '35' + k.r.digits(12);
      let sum = 0;
      for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
        let d = body.charCodeAt(i) - 48;
        if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
      k.w`Warranty claim: ${k.pick(MISC.products)}, IMEI ${body}${(10 - (sum % 10)) % 10}, serial ${k.r.letters(2)}${k.r.digits(8)}, purchased on ${k.v.otherDate(2)} for ${k.v.amount()}.`;
    },
  },
  {
    name: 'n-hinglish-generic', kind: 'negative-hinglish', weight: 5,
    run: (k) => {
      k.w`${k.pick(['kal meeting', 'client call', 'review'])} ${k.r.int(2, 6)} baje hai, ${k.pick(['slides ready rakhna', 'report bhej dena', 'sab log time pe aana'])}. `;
      k.w`${k.pick(['invoice ka amount', 'budget', 'total bill'])} ${k.v.amount()} hai, ${k.pick(['approve kar do', 'check kar lo', 'thik hai na?'])}`;
    },
  },
  {
    name: 'n-csv-sales', kind: 'negative-csv', weight: 4,
    run: (k) => {
      k.w`sku,qty,amount,order_date,status\n`;
      const n = k.r.int(2, 4);
      for (let i = 0; i < n; i++) {
        k.w`${k.v.fakePan()},${k.r.int(1, 50)},${k.r.int(100, 99999)}.00,${k.v.otherDate(k.pick([0, 4]))},${k.pick(['PAID', 'PENDING', 'REFUNDED'])}`;
        if (i < n - 1) k.w`\n`;
      }
    },
  },
  {
    name: 'n-json-order', kind: 'negative-json', weight: 4,
    run: (k) => {
      k.w`{"order_id": "${k.v.orderId()}", "txn_id": "${k.v.utr()}", "amount": "${k.v.amount()}", "created_at": ${k.v.epoch()}, "status": "${k.pick(['SUCCESS', 'FAILED', 'PENDING'])}", "app_version": "${k.v.version()}"}`;
    },
  },
];

/** For tests: run a negative template and return the text (a negative must never emit spans). */
export function runNegative(t: Template, k: Kit): string {
  t.run(k);
  return k.b.toString();
}
