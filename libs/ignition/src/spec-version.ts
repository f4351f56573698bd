/**
 * The Ignition config spec version every config from this library declares.
 *
 * 3.3.0 is the newest stable 3.x spec that the Ignition release Strata runs against
 * (Debian's `ignition` 2.14: `ignition-validate` and the `ignition` binary) accepts;
 * 3.4.0 is only experimental there. Flatcar and Fedora CoreOS both accept 3.3.0.
 * See https://coreos.github.io/ignition/configuration-v3_3/
 */
export const IGNITION_SPEC_VERSION = '3.3.0';

/** The literal type of {@link IGNITION_SPEC_VERSION}. */
export type IgnitionSpecVersion = typeof IGNITION_SPEC_VERSION;
