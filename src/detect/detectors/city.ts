// Indian cities and towns (old and new names, Devanagari): gazetteer patterns/cities.json, rules patterns/city.json.
import data from '../../../patterns/city.json';
import { findCities } from '../lexicons/cities.js';
import { defineDetector } from '../define.js';

export const city = defineDetector(data, { find: findCities, readsAllTokens: true });
