import type { Detector } from '../define.js';
import { aadhaar } from './aadhaar.js';
import { phone } from './phone.js';
import { email } from './email.js';
import { ipAddress } from './ip-address.js';
import { passport } from './passport.js';
import { voterId } from './voter-id.js';
import { drivingLicence } from './driving-licence.js';
import { vehicleReg } from './vehicle-reg.js';
import { pinCode } from './pin-code.js';
import { abha } from './abha.js';
import { pan } from './pan.js';
import { gstin } from './gstin.js';
import { ifsc } from './ifsc.js';
import { bankAccount } from './bank-account.js';
import { creditCard } from './credit-card.js';
import { upi } from './upi.js';
import { health } from './health.js';
import { city } from './city.js';
import { age } from './age.js';
import { dateOfBirth } from './date-of-birth.js';
import { person } from './person/index.js';

/** The built-in detectors, in the order they run. Each lives in its own file. */
export const BUILT_IN_DETECTORS: readonly Detector[] = [aadhaar, phone, pan, gstin, ifsc, bankAccount, creditCard, upi, email, ipAddress, passport, voterId, drivingLicence, vehicleReg, pinCode, abha, dateOfBirth, age, health, city, person];
