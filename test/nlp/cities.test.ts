import { describe, expect, it } from 'vitest';
import gazetteer from '../../patterns/cities.json';
import rules from '../../patterns/city.json';
import { CITIES, cityTrie, findCities, lookupCity } from '../../src/detect/lexicons/cities.js';

/** The Zonal Councils table the gazetteer follows (plus the documented choice for the island UTs). */
const ZONE_OF_STATE: Record<string, string> = {
  Haryana: 'North', 'Himachal Pradesh': 'North', Punjab: 'North', Rajasthan: 'North', Delhi: 'North',
  'Jammu and Kashmir': 'North', Ladakh: 'North', Chandigarh: 'North',
  'Uttar Pradesh': 'Central', Uttarakhand: 'Central', 'Madhya Pradesh': 'Central', Chhattisgarh: 'Central',
  Bihar: 'East', Jharkhand: 'East', Odisha: 'East', 'West Bengal': 'East',
  Goa: 'West', Gujarat: 'West', Maharashtra: 'West', 'Dadra and Nagar Haveli and Daman and Diu': 'West',
  'Andhra Pradesh': 'South', Karnataka: 'South', Kerala: 'South', 'Tamil Nadu': 'South', Telangana: 'South', Puducherry: 'South',
  'Andaman and Nicobar Islands': 'South', Lakshadweep: 'South',
  Assam: 'North-East', 'Arunachal Pradesh': 'North-East', Manipur: 'North-East', Meghalaya: 'North-East', Mizoram: 'North-East',
  Nagaland: 'North-East', Sikkim: 'North-East', Tripura: 'North-East',
};

describe('patterns/cities.json', () => {
  it('has the schema the generaliser reads', () => {
    expect(Object.keys(gazetteer).sort()).toEqual(['cities', 'source', 'zones']);
    expect(gazetteer.zones).toEqual(['North', 'South', 'East', 'West', 'Central', 'North-East']);
    for (const c of gazetteer.cities) {
      expect(Object.keys(c)).toEqual(['name', 'aliases', 'devanagari', 'state', 'zone']);
      expect(typeof c.name).toBe('string');
      expect(Array.isArray(c.aliases) && Array.isArray(c.devanagari)).toBe(true);
      expect(gazetteer.zones).toContain(c.zone);
      expect(ZONE_OF_STATE[c.state], `${c.name}: ${c.state}`).toBe(c.zone);
    }
  });

  it('lists at least 500 cities, each name once per state', () => {
    expect(gazetteer.cities.length).toBeGreaterThanOrEqual(500);
    const keys = gazetteer.cities.map((c) => `${c.name.toLowerCase()}|${c.state}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(gazetteer.cities.map((c) => c.state)).size).toBe(36); // every state and UT
  });

  it.each([
    ['Bengaluru', 'Bangalore'], ['Gurugram', 'Gurgaon'], ['Prayagraj', 'Allahabad'], ['Mumbai', 'Bombay'], ['Chennai', 'Madras'],
    ['Kolkata', 'Calcutta'], ['Puducherry', 'Pondicherry'], ['Thiruvananthapuram', 'Trivandrum'], ['Kochi', 'Cochin'],
    ['Mysuru', 'Mysore'], ['Varanasi', 'Benaras'], ['Vadodara', 'Baroda'], ['Pune', 'Poona'],
  ])('%s keeps its old name %s', (name, old) => {
    expect(lookupCity(old)?.name).toBe(name);
    expect(lookupCity(name)?.name).toBe(name);
  });

  it.each([
    ['मुंबई', 'Mumbai'], ['दिल्ली', 'Delhi'], ['बेंगलुरु', 'Bengaluru'], ['कोलकाता', 'Kolkata'], ['चेन्नई', 'Chennai'],
    ['हैदराबाद', 'Hyderabad'], ['पुणे', 'Pune'], ['जयपुर', 'Jaipur'], ['लखनऊ', 'Lucknow'],
  ])('Devanagari %s is %s', (deva, name) => {
    expect(lookupCity(deva)?.name).toBe(name);
  });

  it('maps a city to its state and zone', () => {
    expect(lookupCity('gurgaon')).toMatchObject({ state: 'Haryana', zone: 'North' });
    expect(lookupCity('Guwahati')).toMatchObject({ state: 'Assam', zone: 'North-East' });
    expect(lookupCity('Port Blair')).toMatchObject({ zone: 'South' });
    expect(lookupCity('Atlantis')).toBeUndefined();
    expect(CITIES.length).toBe(gazetteer.cities.length);
  });

  it('every ambiguous name in patterns/city.json is in the gazetteer', () => {
    for (const n of [...rules.ambiguous.word, ...rules.ambiguous.name]) expect(cityTrie().get(n), n).toBeDefined();
  });
});

describe('findCities', () => {
  const spans = (t: string): string[] => findCities(t).map((c) => t.slice(c.start, c.end));

  it('prefers the longest name', () => {
    expect(spans('Navi Mumbai, Bodh Gaya, New Delhi')).toEqual(['Navi Mumbai', 'Bodh Gaya', 'New Delhi']);
  });

  it('takes an ambiguous word with a capital letter inside a sentence, never at its start', () => {
    expect(spans('We visited Gaya and Puri.')).toEqual(['Gaya', 'Puri']);
    expect(spans('Gaya tha kal.')).toEqual([]);
    expect(spans('woh gaya aur puri khayi')).toEqual([]);
  });

  it('takes a personal-name city only with a place word', () => {
    expect(spans('Sagar called')).toEqual([]);
    expect(spans('We met Sagar yesterday')).toEqual([]);
    expect(spans('posted in Sagar')).toEqual(['Sagar']);
    expect(spans('Sagar district')).toEqual(['Sagar']);
    expect(spans('Sagar - 470001')).toEqual(['Sagar']);
  });
});
