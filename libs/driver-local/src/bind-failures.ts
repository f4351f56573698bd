import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { machinesOf, type Cluster } from '@strata/cluster-config';
import { z } from 'zod';
import { localPaths } from './paths';
import { describeHolder } from './port-holders';

/** The fields of a machine's `run/node-agent.status.json` this reads. */
const PodsSchema = z.object({ staticPods: z.array(z.object({ name: z.string(), state: z.string(), log: z.string() })) });

/** Go's `net.Listen` error (etcd, kube-apiserver, the controller manager, the scheduler). */
const GO_BIND_ERROR = /listen tcp (\d+\.\d+\.\d+\.\d+):(\d+): bind: address already in use/;

/** The last `bytes` of a file (a static pod's log grows with every restart). */
function tail(path: string, bytes = 64 * 1024): string {
  let fd: number | undefined;
  try {
    const size = statSync(path).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    fd = openSync(path, 'r');
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } catch {
    return '';
  }finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A static pod of the cluster that exited because its address and port are taken, as
 * `etcd of machine demo-cp-0 cannot bind 127.1.0.2:2379: address already in use by pid …`;
 * undefined when there is none. Only the output of each pod's last run counts (the log
 * keeps earlier runs, and the agent writes a line at every start).
 */
export function bindFailure(cluster: Cluster): string | undefined {
  const paths = localPaths(cluster);
  for (const machine of machinesOf(cluster)) {
    let pods: z.infer<typeof PodsSchema>['staticPods'];
    try {
      pods = PodsSchema.parse(JSON.parse(readFileSync(join(paths.machineRoot(machine.name), 'run/node-agent.status.json'), 'utf8'))).staticPods;
    } catch {
      continue;
    }
    for (const pod of pods.filter((p) => p.state === 'backoff')) {
      const text = tail(pod.log);
      const lastRun = text.slice(text.lastIndexOf(`node-agent: starting ${pod.name} `) + 1);
      const match = GO_BIND_ERROR.exec(lastRun);
      if (!match) continue;
      const [, host = '', port = ''] = match;
      return `${pod.name} of machine ${machine.name} cannot bind ${host}:${port}: address already ${describeHolder(host, Number(port))}`;
    }
  }
  return undefined;
}
