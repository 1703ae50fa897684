// `kavach/validators`: the checksums and code lists the detectors use, for callers validating values
// themselves. A view of the package root.
export {
  verhoeffValid, verhoeffDigit, gstinValid, gstinCheckChar, panValid, panHolderType, ifscValid, isIfscBankCode, ifscBankName,
  luhnValid, cardBrand, cardValid, lookupCity, CITIES,
} from '../index.js';
export type { City, Zone } from '../index.js';
