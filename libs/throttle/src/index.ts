export { FailureThrottle, type ThrottlePolicy } from './failure-throttle';
