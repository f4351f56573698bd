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

/**
 * The node agent's line before each run of a pod, JSON in the format of @strata/log
 * (`{"level":"info",…,"name":"node-agent","pod":"etcd","restarts":3,…,"msg":"static pod starting"}`)
 * among the pod's own output.
 */
const RunStartSchema = z.object({ name: z.literal('node-agent'), msg: z.literal('static pod starting'), pod: z.string() });

/** Whether `line` is the node agent's line starting a run of `pod`. */
function startsRunOf(line: string, pod: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const parsed = RunStartSchema.safeParse(JSON.parse(line));
    return parsed.success && parsed.data.pod === pod;
  } catch {
    return false;
  }
}

/** The output of the last run of `pod` in its log text (all of it when no run start is in view). */
export function lastRun(text: string, pod: string): string {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (startsRunOf(lines[i] ?? '', pod)) return lines.slice(i + 1).join('\n');
  }
  return text;
}

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
  } finally {
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
      const match = GO_BIND_ERROR.exec(lastRun(tail(pod.log), pod.name));
      if (!match) continue;
      const [, host = '', port = ''] = match;
      return `${pod.name} of machine ${machine.name} cannot bind ${host}:${port}: address already ${describeHolder(host, Number(port))}`;
    }
  }
  return undefined;
}
