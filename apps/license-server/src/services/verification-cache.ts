import { licenseTiming, verifyLicense, type LicenseVerification, type TrustedKeys } from '@strata/licensing';

/**
 * Remembers verification outcomes by token. A token's signature and claims never change and
 * the server's trusted keys are fixed for its lifetime, so re-verifying the same license on
 * every validation call would only repeat an Ed25519 verification. `timing` is recomputed on
 * every hit because it depends on the clock. Least recently used entries are dropped first.
 */
export class VerificationCache {
  private readonly entries = new Map<string, LicenseVerification>();

  constructor(
    private readonly trustedKeys: TrustedKeys,
    private readonly capacity = 1024,
  ) {}

  verify(token: string, now: Date): LicenseVerification {
    let result = this.entries.get(token);
    if (result) {
      this.entries.delete(token);
    } else {
      result = verifyLicense(token, { trustedKeys: this.trustedKeys, now });
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(token, result);
    return result.ok ? { ...result, timing: licenseTiming(result.claims, now) } : result;
  }

  get size(): number {
    return this.entries.size;
  }
}
