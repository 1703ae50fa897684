import cities from '../../../patterns/cities.json';
import type { CityTable } from './city.js';

/** The default city table, patterns/cities.json (bundled at build time). */
export const CITY_TABLE: CityTable | undefined = cities as CityTable;
