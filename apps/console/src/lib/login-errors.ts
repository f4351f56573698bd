/**
 * The only messages the login page shows from its `?error=` parameter: a code maps to a
 * fixed text, anything else to a generic one, so a crafted link cannot put words on the page.
 */
export const LOGIN_ERRORS = {
  'oidc-not-configured': 'Sign-in with OIDC is not configured.',
  'oidc-expired': 'The sign-in took too long or was started elsewhere; try again.',
  'oidc-failed': 'The identity provider did not confirm the sign-in; try again.',
  'oidc-unreachable': 'The identity provider cannot be reached; try again later.',
  'oidc-throttled': 'Too many sign-in attempts; wait a few minutes and try again.',
} as const;

export type LoginErrorCode = keyof typeof LOGIN_ERRORS;

/** The text for `?error=code`; undefined when there is none. */
export function loginErrorText(code: string | undefined): string | undefined {
  if (code === undefined || code === '') return undefined;
  return Object.hasOwn(LOGIN_ERRORS, code) ? LOGIN_ERRORS[code as LoginErrorCode] : 'The sign-in failed; try again.';
}
