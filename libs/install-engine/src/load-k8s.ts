/**
 * The Kubernetes client, loaded when first needed: it is most of the CLI's code, and
 * commands that never reach an API (validate, create assets, the start of an install)
 * should not pay for loading it.
 */
export function loadK8s(): Promise<typeof import('@strata/k8s')> {
  return import('@strata/k8s');
}
