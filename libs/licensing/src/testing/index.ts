/** Test helpers for code that handles licenses. */
export { DURING, sampleClaims } from './sample-claims';
