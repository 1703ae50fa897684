/**
 * Synthetic 1 KB prompts for the gateway load run (bench/gateway.ts and test/gateway/load.test.ts):
 * each request carries its own person, Aadhaar (Verhoeff-valid), PAN, mobile and e-mail, so a value
 * that reached the upstream or a reply restored with another request's value would show.
 */
import { verhoeffDigit } from '../src/index.js';

const FIRST = ['Ravi', 'Priya', 'Amit', 'Sunita', 'Arjun', 'Kavita', 'Rahul', 'Anjali', 'Vikram', 'Neha', 'Suresh', 'Pooja', 'Manoj', 'Deepa', 'Rajesh', 'Meena'];
const LAST = ['Kumar', 'Sharma', 'Patel', 'Rao', 'Mehta', 'Iyer', 'Singh', 'Gupta', 'Nair', 'Reddy', 'Joshi', 'Das', 'Verma', 'Pillai', 'Bose', 'Menon'];

export interface LoadCase {
  prompt: string;
  /** The values in the prompt (none may reach the upstream). */
  values: string[];
  name: string;
  aadhaar: string;
}

function aadhaarFor(i: number): string {
  const body = String(23_456_789_012 + i * 7919).padStart(11, '2').slice(0, 11);
  const digits = `${body}${verhoeffDigit(body)}`;
  return `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8)}`;
}

const FILLER =
  ' The customer called the branch about a home loan top-up and asked for the sanction letter to be re-issued with the corrected address. ' +
  'Please draft a short, polite reply that confirms the request, lists the documents still pending and says when the letter will be ready.';

/** Case `i`: about 1 KB of UTF-8, five labelled values of one made-up person. */
export function loadCase(i: number): LoadCase {
  const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
  const aadhaar = aadhaarFor(i);
  const pan = `ABCP${String.fromCharCode(65 + (i % 26))}${String(1000 + (i % 9000)).padStart(4, '0')}F`;
  const phone = `+91 98${String(10_000_000 + i * 37).slice(0, 3)} ${String(10_000 + i).slice(-5)}`;
  const email = `${name.toLowerCase().replace(' ', '.')}${i}@gmail.com`;
  let prompt = `Ticket ${i}: my name is ${name}, Aadhaar ${aadhaar}, PAN ${pan}, mobile ${phone}, email ${email}.`;
  while (Buffer.byteLength(prompt) < 1024) prompt += FILLER;
  prompt = prompt.slice(0, 1024);
  return { prompt, values: [name, aadhaar, aadhaar.replace(/ /g, ''), pan, phone, email], name, aadhaar };
}

/** The upstream's streamed reply, written by the stub from the tokens it received. */
export function replyFor(tokens: readonly string[]): string {
  const [person = '', aadhaar = ''] = tokens;
  return `Dear ${person}, thank you for writing. We have your Aadhaar ${aadhaar} on file and the sanction letter for ${person} will be ready on Monday.`;
}
