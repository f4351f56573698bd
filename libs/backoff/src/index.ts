export { backoffDelay, exponentialBackoff, jittered, type BackoffOptions } from './backoff';
