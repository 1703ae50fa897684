// The package's own build configuration without .d.ts generation (the slow part, not needed to run
// the built code): tests build with this into a private directory (see built.ts).
import type { Options } from 'tsup';
import configs from '../../tsup.config.js';

const withoutTypes: Options[] = (configs as Options[]).map((c) => ({ ...c, dts: false }));
export default withoutTypes;
