/**
 * What a diagnostics archive must never hold, and how it is cut out of text: private keys,
 * kubeconfig credentials, bearer and bootstrap tokens, and the value of any field whose name
 * says it is a secret. Each rule counts its hits, so the archive's manifest can say what was
 * redacted where.
 */
interface RedactionRule {
  name: string;
  pattern: RegExp;
  replace: string;
}

const SECRET_FIELD = 'client-key-data|token|id-token|refresh-token|access-token|password|passwd|client-secret|secretAccessKey|secret_access_key|apiKey|api-key';

export const REDACTION_RULES: readonly RedactionRule[] = [
  {
    name: 'private key',
    pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g,
    replace: '[redacted: private key]',
  },
  // `token: abc`, `"password": "abc"`, `client-key-data: LS0t…`, `--token=abc`: the value goes, the name stays.
  {
    name: 'secret field',
    pattern: new RegExp(`((?:^|[\\s{,"'-])(?:${SECRET_FIELD})["']?\\s*[:=]\\s*["']?)(?!\\[redacted)([^\\s"',}\\]]+)`, 'gim'),
    replace: '$1[redacted]',
  },
  { name: 'bearer token', pattern: /\b(Bearer)\s+(?!\[redacted)[A-Za-z0-9._~+/=-]{8,}/g, replace: '$1 [redacted]' },
  { name: 'JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, replace: '[redacted: token]' },
  // Kubernetes bootstrap tokens: https://kubernetes.io/docs/reference/access-authn-authz/bootstrap-tokens/
  { name: 'bootstrap token', pattern: /\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g, replace: '[redacted: bootstrap token]' },
];

export interface Redacted {
  text: string;
  /** Hits per rule name; empty when nothing was cut. */
  hits: Record<string, number>;
}

/** `text` with every secret the rules know replaced by a marker. */
export function redact(text: string): Redacted {
  const hits: Record<string, number> = {};
  let out = text;
  for (const rule of REDACTION_RULES) {
    out = out.replace(rule.pattern, (...args: unknown[]) => {
      hits[rule.name] = (hits[rule.name] ?? 0) + 1;
      const groups = args.slice(1, -2) as (string | undefined)[];
      return rule.replace.replace(/\$(\d)/g, (_, i: string) => groups[Number(i) - 1] ?? '');
    });
  }
  return { text: out, hits };
}
