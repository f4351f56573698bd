import { redact } from '@strata/install-engine';

/**
 * What cleans every message before it is stored or sent: the engine's redaction rules (keys,
 * tokens, kubeconfig credentials), and every value of the install's credential, wherever a
 * provider's error message might have echoed it.
 */
export function scrubberFor(values: readonly string[] = []): (text: string) => string {
  const secrets = values.filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = redact(text).text;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  };
}
