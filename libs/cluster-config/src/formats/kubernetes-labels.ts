/**
 * Kubernetes label syntax, as the API server validates it
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set).
 * Taint keys and values follow the same rules.
 */
import { dnsSubdomainProblem } from './dns-names';
import { show } from './show';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why `key` is not a valid label key (`[prefix/]name`), or `undefined`. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `label key ${show(key)} may contain at most one '/' (prefix/name)`;
  const name = parts.length === 2 ? (parts[1] ?? '') : key;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    const problem = dnsSubdomainProblem(prefix, 'example.com');
    if (problem !== undefined) return `label key prefix ${show(prefix)} ${problem}`;
  }
  if (name.length === 0) return `label key ${show(key)} needs a name, e.g. "example.com/tier"`;
  if (name.length > 63) return `label key name ${show(name)} must be at most 63 characters; got ${name.length}`;
  if (!QUALIFIED_NAME.test(name)) {
    return `label key name ${show(name)} must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Why `value` is not a valid label value (empty, or up to 63 characters of the name alphabet), or `undefined`. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63) return `label value must be at most 63 characters; got ${value.length}`;
  if (!QUALIFIED_NAME.test(value)) {
    return `label value ${show(value)} must be empty or letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}
