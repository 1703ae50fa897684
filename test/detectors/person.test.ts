import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import { find, values } from '../helpers.js';

// Every case is synthetic. `values` also asserts text.slice(start, end) === text for each span.
describe('PERSON', () => {
  it.each([
    // honorifics stay outside the span
    ['Mr. Ramesh Iyer will call you.', ['Ramesh Iyer']],
    ['Mrs Kavita Joshi is the nominee', ['Kavita Joshi']],
    ['Please meet Dr. Arvind Menon tomorrow', ['Arvind Menon']],
    ['Shri Mohan Lal Verma, Sarpanch', ['Mohan Lal Verma']],
    ['Smt. Sunita Devi w/o Late Shri Ram Prasad', ['Sunita Devi', 'Ram Prasad']],
    ['Kumari Pooja Yadav passed the exam', ['Pooja Yadav']],
    ['Prof. Anand Kulkarni and Adv. Meera Nair', ['Anand Kulkarni', 'Meera Nair']],
    ['Sardar Harpreet Singh Gill', ['Harpreet Singh Gill']],
    ['Ms. Zoravarika Bhattacharjee joined', ['Zoravarika Bhattacharjee']],
    ['MR. RAVI SHANKAR PRASAD', ['RAVI SHANKAR PRASAD']],
    // initials
    ['Signed by K. Ramesh today', ['K. Ramesh']],
    ['Please ask S. R. Iyer to sign', ['S. R. Iyer']],
    ['Report from Ramesh K. on Friday', ['Ramesh K.']],
    ['cc: A.P. Venkatesh', ['A.P. Venkatesh']],
    // single names with context
    ['Thanks, Priya', ['Priya']],
    ['ask Suresh to send it', ['Suresh']],
    ['Name: Anil', ['Anil']],
    ['Hi Deepak, the file is ready', ['Deepak']],
    ['Asha said she will come', ['Asha']],
    // fields
    ['Customer Name: SUNITA DEVI', ['SUNITA DEVI']],
    ['Beneficiary: Rajesh Khanna\nAccount: 123', ['Rajesh Khanna']],
    ['Account holder - Farhan Qureshi', ['Farhan Qureshi']],
    ["Father's Name: Gurcharan Singh", ['Gurcharan Singh']],
    ['NAME: SUNITA DEVI AGE: 45', ['SUNITA DEVI']],
    ['Patient Name: Lalthanhawla Ralte, Age 40', ['Lalthanhawla Ralte']],
    // relation forms: both people
    ['Ravi Kumar S/o Mohan Lal, Jaipur', ['Ravi Kumar', 'Mohan Lal']],
    ['RAMESH YADAV S/O SURESH YADAV', ['RAMESH YADAV', 'SURESH YADAV']],
    ['Geeta W/o Harish Chandra', ['Geeta', 'Harish Chandra']],
    ['C/o Thomas Kurian, MG Road', ['Thomas Kurian']],
    ['Anjali, daughter of Vinod Mishra', ['Anjali', 'Vinod Mishra']],
    // signatures
    ['Regards,\nAnita Desai', ['Anita Desai']],
    ['Thanks & Regards,\nSrinivas Reddy\nHDFC Bank', ['Srinivas Reddy']],
    ['Warm regards,\nMukundan Nambiar', ['Mukundan Nambiar']],
    // lower-case chat
    ['my name is ravi kumar', ['ravi kumar']],
    ['mera naam priya hai', ['priya']],
    ['main rahul bol raha hoon', ['rahul']],
    ['hi this is sneha from the bank', ['sneha']],
    ['myself arjun reddy, calling about my loan', ['arjun reddy']],
    // all caps and lexicon pairs
    ['RAVI KUMAR', ['RAVI KUMAR']],
    ['The form was filled by Priya Sharma yesterday.', ['Priya Sharma']],
    ['Venkatesh Subramanian and Lakshmi Narayanan met Fatima Sheikh', ['Venkatesh Subramanian', 'Lakshmi Narayanan', 'Fatima Sheikh']],
    ['Joseph D\'Souza, Anup Chatterjee and Harjit Sandhu signed', ["Joseph D'Souza", 'Anup Chatterjee', 'Harjit Sandhu']],
    ['Lalremsiami Khiangte from Aizawl', ['Lalremsiami Khiangte']],
    ["Priya's account was closed", ['Priya']],
    // Devanagari
    ['नाम: रमेश शर्मा', ['रमेश शर्मा']],
    ['मेरा नाम सुनीता देवी है', ['सुनीता देवी']],
    ['श्री राकेश गुप्ता पुत्र श्री मोहन गुप्ता', ['राकेश गुप्ता', 'मोहन गुप्ता']],
    ['कल प्रिया शर्मा आएगी', ['प्रिया शर्मा']],
    // offsets around emoji and other scripts
    ['😀😀 Thanks, Priya 🙏', ['Priya']],
    ['🎉 Congrats Ananya Banerjee! 🎉', ['Ananya Banerjee']],
    ['नमस्ते 🙏 Name: Rohit Verma', ['Rohit Verma']],
    // boundaries: contractions, cities and placeholders stay out
    ["Hi, I'm Priya Venkataraman from Pune.", ['Priya Venkataraman']],
    ['mera bhai Ravi Kumar Delhi me hai', ['Ravi Kumar']],
    // introductions with names the lexicon does not know (compromise does not know them as words)
    ['hey i am zorvika tamblanghe and i live in pune', ['zorvika tamblanghe']],
    // JSON keys, labels without a separator, address labels
    ['{"customer_name": "Zorvika Tamblanghe", "mobile": "x"}', ['Zorvika Tamblanghe']],
    ['fill the form: name zorvika tamblanghe, passport no P1234567', ['zorvika tamblanghe']],
    ['remit via NEFT to beneficiary Q. Tamblanghe, Account Number 123', ['Q. Tamblanghe']],
    ['Broadband complaint: customer zorvika tamblanghe (+91 98765 43210)', ['zorvika tamblanghe']],
    ['Shipping address: Zorvika Tamblanghe, #12, MG Road', ['Zorvika Tamblanghe']],
    ['Ship to zorvika, 206/21, Royal Residency', ['zorvika']],
    ['Employee: Q. Tamblanghe | Emp ID: E1', ['Q. Tamblanghe']],
    // CSV name columns, age descriptions, payees, an order's patient, same-line sign-offs
    ['emp_id,name,dob\nE1,ZORVIKA TAMBLANGHE,01/01/1990\nE2,Qirat Zembla,02/02/1991', ['ZORVIKA TAMBLANGHE', 'Qirat Zembla']],
    ['SUMMARY\n\nZorvika Tamblanghe, a 40-year-old female from Pune', ['Zorvika Tamblanghe']],
    ['Pay zorvika tamblanghe on 9876543210@ibl. Total Rs 500', ['zorvika tamblanghe']],
    ['Send the advance to Zorvika ko zorvika.t@okaxis', ['Zorvika']],
    ['Crocin x3 for zorvika tamblanghe (prescribed for fever).', ['zorvika tamblanghe']],
    ['That worked, thank you! Thanks a lot - Zorvika', ['Zorvika']],
    ['Please send the final version. Cheers, Zorvika\nPS: call me', ['Zorvika']],
  ])('finds %s', (text, expected) => {
    expect(values(text, 'PERSON')).toEqual(expected);
  });

  it.each([
    ['Tata Consultancy Services hired 500 engineers.'],
    ['Transfer from HDFC Bank to Reliance Jio wallet'],
    ['Paid via Paytm, ordered on Flipkart, salary from Infosys'],
    ['Meeting with Infosys and Wipro teams'],
    ['Mahindra & Mahindra and Bajaj Finance results'],
    ['Jai Shri Ram! Om Sai Ram.'],
    ['Ganesh Chaturthi holiday on Monday'],
    ['Happy Krishna Janmashtami and Durga Puja'],
    ['Flight from Mumbai to Chennai in May'],
    ['Deliver to Patel Nagar, near Sarojini Nagar market'],
    ['The Indira Gandhi International Airport is busy'],
    ['asha hai ki kal baarish hogi'],
    ['deepak jalao, andhera hai'],
    ['a kiran of hope in the dark'],
    ['Thanks, Team'],
    ['Dear Customer, your OTP is 4567'],
    ['Regards,\nCustomer Support'],
    ['Company Name: Sunrise Traders'],
    ['File name: report.pdf'],
    ['Singh'],
    ['Kumar'],
    ['Shah'],
    ['Late payment charges apply'],
    ['MS Office and MS Excel'],
    ['Hello World'],
    ['I am happy with the service'],
    ['ravi123@gmail.com'],
    ['जय श्री राम'],
    ['आशा है कि आप ठीक हैं'],
    // symptoms after the clinical C/o ("complaint of"), words after "signed"
    ['C/o joint pain x 5 days, vomiting.'],
    ['Please find attached the signed documents for the loan.'],
    // acronyms, versions and codes after a weak cue; organisations led by a city
    ['Explain the difference between NEFT, RTGS and IMPS in simple words.'],
    ['Track with AWB 119561789081 on the app.'],
    ['Python 3.11.4 and Node 20.11.1 are installed.'],
    ['The circular was issued with Pune Metro today.'],
    ['Notice: Kolkata Knight Riders signed an MoU'],
    // locality words after a cue or an honorific; placeholders after an honorific
    ['Address: Plot No. 188, Main Bazaar, Ranchi'],
    ['Door No. 79, Shree Ganesh Society, Sector 62'],
    ['श्री <PERSON_1> ने कहा'],
    ['Shri PERSON_2 said'],
    ['Waheguru Ji Ka Khalsa, Waheguru Ji Ki Fateh!'],
    // bare labels need a clause end and words compromise does not know
    ['talk to the customer support team today'],
    ['i am going to the market'],
    ['id,file_name,size\n1,Report Final,20\n2,Quarterly Summary,30'],
    ['In Chennai, aged 40 and above'],
    ['I will pay for it (for sure).'],
    ['Pay the bill at the counter'],
    ['Meet me near the Indira Gandhi stadium gate.'],
    ['Member ID: OM-07720307'],
    ['Done. - Monday'],
  ])('does not flag %s', (text) => {
    expect(values(text, 'PERSON')).toEqual([]);
  });

  it('scores a first name + surname pair high, and honorific/label context higher still', () => {
    const pair = find('The form was filled by Priya Sharma yesterday.', 'PERSON')[0]!;
    const hon = find('Dr. Priya Sharma', 'PERSON')[0]!;
    const label = find('Name: Priya Sharma', 'PERSON')[0]!;
    expect(pair.score).toBeGreaterThanOrEqual(0.85);
    expect(hon.score).toBeGreaterThan(pair.score);
    expect(label.score).toBeGreaterThan(pair.score);
  });

  it('treats a lone common surname as weak and a lone unknown capitalised word as nothing', () => {
    expect(values('Sharma will decide', 'PERSON', { minScore: 0.5 })).toEqual([]);
    expect(values('Kumar will decide', 'PERSON')).toEqual([]);
    expect(values('Zorbinath will decide', 'PERSON')).toEqual([]);
  });

  it('explains which rule found a name', () => {
    const [e] = detect('Name: Priya Sharma', { entities: ['PERSON'], explain: true });
    expect(e!.explanation?.pattern).toBe('person-label');
  });

  it('a name found once is found again where only the lexicon saw it weakly', () => {
    // The first "Pooja Shah" is found by a rule; the second only by the lexicon, below the threshold
    // ("Shah" is also an English word, so the pair alone is weak).
    expect(values('Pooja Shah called. Pooja Shah left.', 'PERSON')).toEqual(['Pooja Shah', 'Pooja Shah']);
    expect(values('Met Pooja Shah today; Pooja Shah again tomorrow.', 'PERSON')).toEqual(['Pooja Shah', 'Pooja Shah']);
    // Alone, the weak one stays weak; a longer weak run is not cut down to the name inside it.
    expect(values('Pooja Shah left.', 'PERSON')).toEqual([]);
    const csv = 'emp_id,name,dob\nE2,  Ravi Kumar  ,1991\nE3,ravi kumar sharma rao iyer x,1992\n';
    expect(values(csv, 'PERSON', { minScore: 0.5 })).toEqual(['Ravi Kumar', 'ravi kumar sharma rao iyer']);
  });

  it.each([
    ['Send the report to Deepak Singh.', ['Deepak Singh']],
    ['Kiran Patel will visit on Monday.', ['Kiran Patel']],
    ['the report for Vijay Singh is late', ['Vijay Singh']],
    ['KIRAN KUMAR, VIJAY SINGH', ['KIRAN KUMAR', 'VIJAY SINGH']],
    ['Kiran Rao directed it', ['Kiran Rao']],
    ['Anand Rao is allergic to penicillin.', ['Anand Rao']],
    ['Commissioner Sagar Singh visited.', ['Sagar Singh']],
  ])('a first name and a surname that are each also Hindi words or weak alone are a name together: %s', (text, want) => {
    expect(values(text, 'PERSON')).toEqual(want);
  });

  it.each(['Rose Gold called.', 'Pooja Shah left.', 'deepak singh', 'Singh Deepak', 'Vijay Nagar colony', 'Go to Anand Vihar station', 'Deepak KUMAR',
    'Book a table at Deepak Kumar Dhaba.', 'Order 20 Asha Kumar brand pickles.', 'Kiran Rao Tiffin Centre'])(
    'not when either is also an English word, a place, in lower case, out of order or cased unlike the other: %s',
    (text) => {
      expect(values(text, 'PERSON')).toEqual([]);
    },
  );

  it('adverbs that are also surnames (Still, Well, Soon, So) stop a name only where they open a sentence', () => {
    expect(values('Mary Still called about the lease.', 'PERSON')).toEqual(['Mary Still']);
    expect(values('John Well signed the form.', 'PERSON')).toEqual(['John Well']);
    expect(values('Still Manish Jain has not sent the documents.', 'PERSON')).toEqual(['Manish Jain']);
    expect(values('Okay. So Rakesh Yadav called the branch again.', 'PERSON')).toEqual(['Rakesh Yadav']);
    expect(values('Well Arjun Menon said it was fine.', 'PERSON')).toEqual(['Arjun Menon']);
    expect(values('ok\nSoon Rahul Sharma will call you.', 'PERSON')).toEqual(['Rahul Sharma']);
  });

  it.each(['Then', 'Later', 'However', 'Meanwhile', 'Unfortunately', 'Next', 'Kindly'])(
    'a sentence-opening "%s" is not part of the name after it',
    (w) => {
      expect(values(`${w} Rahul Sharma called.`, 'PERSON')).toEqual(['Rahul Sharma']);
      expect(values(`Asha Rao called. ${w} Asha Rao called again.`, 'PERSON')).toEqual(['Asha Rao', 'Asha Rao']);
    },
  );

  it('"c/o" takes a lower-case word only when it is a lexicon name (it is also "complains of")', () => {
    expect(values('Kiran Kumar, 32F, c/o fever for 3 days.', 'PERSON')).toEqual(['Kiran Kumar']);
    expect(values('Rahul Sharma, 32F, c/o fever for 3 days.', 'PERSON')).toEqual(['Rahul Sharma']);
    expect(values('Ravi Kumar c/o ramesh sharma, Pune', 'PERSON')).toEqual(['Ravi Kumar', 'ramesh sharma']);
  });

  it('clinical abbreviations after k/c/o, h/o, c/o are not names; capitals that are names still are', () => {
    expect(values('Mr. Ramesh Babu, 58 y/o male, k/c/o DM and HTN, admitted.', 'PERSON')).toEqual(['Ramesh Babu']);
    expect(values('Known DM and HTN, c/o chest pain.', 'PERSON')).toEqual([]);
    expect(values('Pt. Sushila Devi, 67F, h/o CVA 2019, stable.', 'PERSON')).toEqual(['Sushila Devi']);
    expect(values('Ravi Kumar S/O GURMEET SINGH', 'PERSON')).toEqual(['Ravi Kumar', 'GURMEET SINGH']);
    expect(values('Ravi S/o RAM LAL', 'PERSON')).toEqual(['Ravi', 'RAM LAL']);
  });

  it('keeps offsets exact after astral characters', () => {
    const text = '👨‍👩‍👧 family: Mr. Arjun Mehta 👍 and 𝒳 Sunita Rao';
    const found = find(text, 'PERSON');
    expect(found.map((e) => e.text)).toEqual(['Arjun Mehta', 'Sunita Rao']);
    expect(found[0]!.start).toBe(text.indexOf('Arjun'));
  });
});

// Issue 12 failure classes, one table per class (names are synthetic combinations).
describe('PERSON: names outside the lexicon and in new layouts', () => {
  it.each([
    // non-Indian names in Indian text (compromise knows the given name)
    ['please contact Robert Lindqvist, HR, for the Pune onboarding', ['Robert Lindqvist']],
    ['Sophie Müller from our overseas office will join', ['Sophie Müller']],
    // ALL-CAPS names in lists and forms
    ["Passenger 2: OLIVIA O'BRIEN, 28, F", ["OLIVIA O'BRIEN"]],
    ['HARJEET NINGOMBAM, 31, F - seat 11A', ['HARJEET NINGOMBAM']],
    // names under name-like JSON keys
    ['{"id": 12, "holder": "ANVESH GOUD", "status": "OK"}', ['ANVESH GOUD']],
    ['{"customerName": "Henrik Lefebvre", "mobile": "x"}', ['Henrik Lefebvre']],
    // every mention of a found name, whatever its case
    ['Ref: complaint of KAIZAD WADIA.\nKaizad Wadia states the refund is late. We wrote to Kaizad again.', ['KAIZAD WADIA', 'Kaizad Wadia', 'Kaizad']],
    // witness and party labels, single given names in narrative
    ['P.W.5 Ranvir Sandhu deposed that he heard cries.', ['Ranvir Sandhu']],
    ['Agent — Tomasz: Please confirm your date of birth.', ['Tomasz']],
    // UPI narration on a statement
    ['12/03/2024  UPI/DR/412345678901/DEEKSHA KOTIAN/ybl   500.00', ['DEEKSHA KOTIAN']],
    // a lower-case name before "bol raha" after a comma
    ['bhai mera number badla hai, renjith bol raha hoon', ['renjith']],
  ])('finds %s', (text, names) => {
    expect(values(text, 'PERSON')).toEqual(names);
  });

  it.each([
    ['achha theek hai, main dekh leta hoon'], // Hinglish verbs after "main"
    ['call karna hai kal subah, bhool mat jana'],
    ['meri rashi kya hai aaj ke liye?'],
    ['The new outlet opens in Saket next month; the Sushant Lok branch stays open.'], // localities
    ['Compare Jeevan Umang with Bima Jyoti: premium term 20 years.'], // LIC plan names
    ['Samples were sent to Sanjay Gandhi Postgraduate Institute and Gupta General Store.'], // organisations named after people
    ['Sun sign: Leo. Today is a good day for travel.'],
    ['{"file_name": "Report Final", "bank_name": "Canara Bank"}'], // JSON keys that are not people
    ['Agent — Support: please wait'], // a role, not a name
  ])('rejects %s', (text) => {
    expect(values(text, 'PERSON')).toEqual([]);
  });
});

describe('PERSON: labels after a heading line and Devanagari role words', () => {
  it.each([
    ['STATEMENT OF ACCOUNT\nAccount Holder: DEEKSHA KOTIAN\nAccount No: 12345678901', ['DEEKSHA KOTIAN']],
    ['मरीज़ गीता सिंह (40 वर्ष) को बुखार की शिकायत है।', ['गीता सिंह']],
  ])('finds %s', (text, names) => expect(values(text, 'PERSON')).toEqual(names));
  it.each([['मरीज़ को बुखार है।'], ['bank name: Canara Bank']])('rejects %s', (text) => expect(values(text, 'PERSON')).toEqual([]));
});

describe('PERSON: names ending like English words, ages in words, "says X"', () => {
  it.each([
    ['The deceased Somari is the wife of the accused; Tsering is their son.', ['Somari', 'Tsering']],
    ['P.W.11 Khorshed Ekka deposed that he heard cries.', ['Khorshed Ekka']],
    ['Jinto Kujur, sixty nine years of age, was examined.', ['Jinto Kujur']],
    ['22.02.1943 is my birthday, says Ottilie Fernández.', ['Ottilie Fernández']],
    ['mera number badla hai, khorshed bol raha hoon', ['khorshed']],
  ])('finds %s', (text, names) => expect(values(text, 'PERSON')).toEqual(names));
  it.each([['The meeting was postponed, says the notice.'], ['Pending is the status; Billing is their team.']])('rejects %s', (text) =>
    expect(values(text, 'PERSON')).toEqual([]));
});
