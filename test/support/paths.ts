import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Each run gets its own scratch folder (set by global-setup before the workers start), so two
// runs on one machine never delete each other's databases.
const root = fileURLToPath(new URL('../../.tmp', import.meta.url));

/** Scratch folder of this test run. */
export const testRoot = process.env.INVERSO_TEST_ROOT ?? path.join(root, 'test');
export const baseDbFile = path.join(testRoot, 'base.db');
/** Screenshots and other artifacts tests leave for people to look at. */
export const artifactsDir = fileURLToPath(new URL('../../test-results', import.meta.url));
