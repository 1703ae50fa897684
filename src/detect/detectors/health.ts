// Health data (conditions, procedures, medicines, ICD-10 codes in context): lexicon patterns/health-terms.json, rules patterns/health.json.
import data from '../../../patterns/health.json';
import lexicon from '../../../patterns/health-terms.json';
import { findHealth } from '../lexicons/health.js';
import { defineDetector } from '../define.js';

export const health = defineDetector({
  id: data.id,
  type: data.type,
  find: findHealth,
  // Lab tests are not health data by themselves, but they say a nearby term is.
  context: [...data.context, ...lexicon.labTests],
});
