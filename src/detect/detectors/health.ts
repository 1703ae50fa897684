// Health data (conditions, procedures, medicines, ICD-10 codes in context): lexicon patterns/health-terms.json, rules patterns/health.json.
import data from '../../../patterns/health.json';
import lexicon from '../../../patterns/health-terms.json';
import { findHealth } from '../lexicons/health.js';
import { defineDetector } from '../define.js';

export const health = defineDetector(data, {
  find: findHealth,
  readsAllTokens: true,
  // Lab tests are not health data by themselves, but they say a nearby term is.
  context: [...data.context, ...lexicon.labTests],
  // health.json's negativeContext belongs to the lexicon (it drops weak terms and guarded words near
  // "phone", "account" ...); it is not a penalty on every HEALTH candidate.
  negativeContext: undefined,
});
