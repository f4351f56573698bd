export { backoffCeiling, backoffDelay, exponentialBackoff, jittered, type BackoffOptions } from './backoff';
