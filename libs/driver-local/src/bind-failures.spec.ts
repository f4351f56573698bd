import { describe, expect, it } from 'vitest';
import { lastRun } from './bind-failures';

/** A line as the node agent writes it into a pod's log before each run (format of @strata/log). */
const start = (pod: string, restarts: number) =>
  JSON.stringify({
    level: 'info',
    time: '2026-12-02T15:00:00.000Z',
    pid: 7,
    hostname: 'h',
    name: 'node-agent',
    pod,
    restarts,
    command: '/bin/etcd',
    args: [],
    msg: 'static pod starting',
  });
const exited = (pod: string) =>
  JSON.stringify({
    level: 'info',
    time: '2026-12-02T15:00:01.000Z',
    pid: 7,
    hostname: 'h',
    name: 'node-agent',
    pod,
    code: 1,
    signal: null,
    msg: 'static pod exited; restarting after backoff',
  });
const BIND = '{"level":"fatal","msg":"listen tcp 127.1.0.2:2379: bind: address already in use"}';

describe('lastRun', () => {
  it.each([
    ['only the output after the last start line counts', [start('etcd', 0), BIND, exited('etcd'), start('etcd', 1), 'serving'], 'serving'],
    [
      'the failure of the last run is kept',
      [start('etcd', 0), 'serving', exited('etcd'), start('etcd', 1), BIND, exited('etcd')],
      `${BIND}\n${exited('etcd')}`,
    ],
    ["another pod's start line does not count", [start('etcd', 0), BIND, start('kube-apiserver', 0)], `${BIND}\n${start('kube-apiserver', 0)}`],
    [
      'a JSON line of the pod itself is not a start',
      [start('etcd', 0), '{"msg":"static pod starting","pod":"etcd"}', BIND],
      `{"msg":"static pod starting","pod":"etcd"}\n${BIND}`,
    ],
    ['without a start line in view, all of the text', ['I1202 15:00:00 klog line', BIND], `I1202 15:00:00 klog line\n${BIND}`],
  ])('%s', (_, lines, expected) => {
    expect(lastRun(lines.join('\n'), 'etcd')).toBe(expected);
  });
});
