import type { CityTable } from './city.js';

/** The default city table, patterns/cities.json (bundled). */
export const CITY_TABLE: CityTable | undefined = undefined;
