// GSTIN (GSTN/CBIC): state code + PAN + entity number + 'Z' + mod-36 check character.
import data from '../../../patterns/gstin.json';
import { gstinValid } from '../validators/gstin.js';
import { panPlaceholder, panValid } from '../validators/pan.js';
import { defineDetector } from '../define.js';

export const gstin = defineDetector(data, {
  // The pattern already fixes the state code and the PAN's holder type; the check character decides.
  // A GSTIN built on a PAN format mask (27AAAAA0000A1Z2) is a sample value, as the PAN detector holds.
  validate: (g) => panValid(g.slice(2, 12)) && !panPlaceholder(g.slice(2, 12)) && gstinValid(g),
});
