import { ProviderError } from '@strata/errors';
import type { Driver, ResourceHandler } from '../contract';

/**
 * A provider failure the conformance suite asks for: `throttle` is the provider refusing a
 * call for now (HTTP 429, `Throttling`, `RequestLimitExceeded`), which apply must retry;
 * `fatal` is a refusal that no retry fixes (an invalid parameter, a quota), which must stop
 * the apply.
 */
export type FaultKind = 'throttle' | 'fatal';

/** One armed fault; `fired` says whether a provider call has met it yet. */
export interface InjectedFault {
  fired(): Promise<boolean>;
}

/** A driver whose next creates can be made to fail, and the way to arm them. */
export interface FaultInjection {
  driver: Driver;
  /** Makes the next `create` of a step of `stepKind` fail with `kind`, before the provider is called. */
  injectFault(kind: FaultKind, stepKind: string): Promise<InjectedFault>;
}

/**
 * Wraps `driver` so that the conformance suite can make its next create of a step kind
 * fail the way a provider fails it: a retryable `ProviderError` for throttling, a
 * non-retryable one for a fatal refusal, both raised before the real create runs, so
 * nothing exists on the provider for the failed call. A driver whose test substrate can
 * fail calls itself (a protocol-faithful test server answering 429) may arm the fault
 * there instead; this wrapper is for substrates that cannot, such as the local machine.
 */
export function withInjectedFaults(driver: Driver): FaultInjection {
  const armed = new Map<string, { kind: FaultKind; fired: boolean }[]>();
  const handlers: Record<string, ResourceHandler> = {};
  for (const [stepKind, handler] of Object.entries(driver.handlers)) {
    handlers[stepKind] = {
      ...handler,
      async create(ctx, step, spec, inputs) {
        const fault = armed.get(step.kind)?.find((f) => !f.fired);
        if (fault) {
          fault.fired = true;
          if (fault.kind === 'throttle') {
            throw new ProviderError(`creating ${step.kind} ${step.name}: Throttling: Rate exceeded (injected by the conformance suite)`, { retryable: true });
          }
          throw new ProviderError(`creating ${step.kind} ${step.name}: InvalidParameterValue: refused (injected by the conformance suite)`, {
            retryable: false,
          });
        }
        return handler.create(ctx, step, spec, inputs);
      },
    };
  }
  return {
    driver: { ...driver, handlers },
    injectFault(kind, stepKind) {
      if (!driver.handlers[stepKind]) return Promise.reject(new RangeError(`driver ${driver.platform} has no handler for step kind "${stepKind}"`));
      const fault = { kind, fired: false };
      armed.set(stepKind, [...(armed.get(stepKind) ?? []), fault]);
      return Promise.resolve({ fired: () => Promise.resolve(fault.fired) });
    },
  };
}
