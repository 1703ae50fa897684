// Typed views of the eval-only lists in corpus/data (see corpus/data/README.md for sources).
import citiesJson from '../data/cities.json';
import fakerJson from '../data/faker-en_IN-names.json';
import healthJson from '../data/health.json';
import miscJson from '../data/misc.json';
import namesJson from '../data/names-regional.json';

export interface City {
  name: string;
  alt: readonly string[];
  state: string;
  stateName: string;
  pin3: string;
  std: string;
}

export const CITIES: readonly City[] = citiesJson.cities.map((c) => {
  const [name, alt, state, pin3, std] = c as [string, string[], string, string, string];
  const stateName = (citiesJson.states as Record<string, string>)[state];
  if (!stateName) throw new Error(`cities.json: unknown state ${state}`);
  return { name, alt, state, stateName, pin3, std };
});

/** Devanagari city names with their 3-digit PIN prefix. */
export const DEVANAGARI_CITIES = citiesJson.devanagari as unknown as ReadonlyArray<readonly [string, string]>;

/** State/UT names that are also city names (Chandigarh, Puducherry, Delhi): left out of addresses, ambiguous. */
export const STATE_IS_CITY = new Set(['CH', 'PY', 'DL']);
export const LOCALITIES: readonly string[] = citiesJson.localities;
export const BUILDINGS: readonly string[] = citiesJson.buildings;
export const CITY_IN_ORG_NAMES: readonly string[] = citiesJson.cityInOrgNames;

export const HEALTH = healthJson as {
  conditions: string[];
  abbreviations: string[];
  medicines: string[];
  symptoms: string[];
  hindi: string[];
  hinglish: string[];
  hinglishSymptoms: string[];
};

export const MISC = miscJson as unknown as {
  banks: Array<[string, string, number[]]>;
  upiHandles: string[];
  emailDomains: string[];
  workDomains: string[];
  companies: string[];
  deityPhrases: string[];
  festivals: string[];
  products: string[];
};

export interface RegionNames {
  male: string[];
  female: string[];
  surnames: string[];
  femaleSurnames?: string[];
  mizo?: string[];
  mizoClans?: string[];
  meiteiFamily?: string[];
  meiteiMale?: string[];
  meiteiFemale?: string[];
}

export const REGIONS = namesJson.regions as Record<string, RegionNames>;
export const DEVANAGARI_NAMES = namesJson.devanagari;
export const HONORIFICS = namesJson.honorifics;
export const FAKER_NAMES = fakerJson as { male: string[]; female: string[]; surnames: string[] };
