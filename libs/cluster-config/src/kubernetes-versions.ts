/**
 * The Kubernetes versions Strata installs. The pin mirrors tools/binaries/versions.json,
 * which the setup step uses to build the control-plane binaries; this library cannot read
 * that file at run time because it also runs in the browser, so a test asserts the two agree.
 */

/** The version installed when a Cluster document does not name one. */
export const PINNED_KUBERNETES_VERSION = 'v1.37.2';

/**
 * Versions a Cluster document may ask for. Only the pinned version is built and tested
 * end to end (the local platform runs binaries built from exactly this version).
 */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = [PINNED_KUBERNETES_VERSION];
