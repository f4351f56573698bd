import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { V1Pod, V1Probe } from '@kubernetes/client-node';
import { parse } from 'yaml';

/** An HTTP GET probe of a static pod, with the kubelet's timing fields. */
export interface HttpProbe {
  scheme: 'HTTP' | 'HTTPS';
  host: string;
  port: number;
  path: string;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

/** The startup and liveness probes of a static pod's first container. */
export interface PodProbes {
  startup?: HttpProbe;
  liveness?: HttpProbe;
}

function httpProbeOf(probe: V1Probe | undefined): HttpProbe | undefined {
  const get = probe?.httpGet;
  if (!get || typeof get.port !== 'number') return undefined;
  return {
    scheme: get.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP',
    host: get.host ?? '127.0.0.1',
    port: get.port,
    path: get.path ?? '/',
    // Defaults as in the Kubernetes API (core/v1 Probe).
    initialDelaySeconds: probe?.initialDelaySeconds ?? 0,
    periodSeconds: probe?.periodSeconds ?? 10,
    timeoutSeconds: probe?.timeoutSeconds ?? 1,
    failureThreshold: probe?.failureThreshold ?? 3,
  };
}

/** Reads the HTTP startup and liveness probes of a static pod manifest (other probe kinds are not run). */
export function probesOf(manifestYaml: string): PodProbes {
  const container = (parse(manifestYaml) as V1Pod | null)?.spec?.containers?.[0];
  const startup = httpProbeOf(container?.startupProbe);
  const liveness = httpProbeOf(container?.livenessProbe);
  return { ...(startup ? { startup } : {}), ...(liveness ? { liveness } : {}) };
}

/**
 * Runs one probe. Like the kubelet, a status from 200 to 399 is success and HTTPS
 * certificates are not verified (the probe checks liveness, not identity).
 */
export function runHttpProbe(probe: HttpProbe): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const request = probe.scheme === 'HTTPS' ? httpsRequest : httpRequest;
    const req = request(
      { host: probe.host, port: probe.port, path: probe.path, method: 'GET', timeout: probe.timeoutSeconds * 1000, rejectUnauthorized: false },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolveProbe(status >= 200 && status < 400);
      },
    );
    req.on('timeout', () => req.destroy(new Error('probe timed out')));
    req.on('error', () => resolveProbe(false));
    req.end();
  });
}
