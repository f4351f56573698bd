import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importKubeconfig, openConsoleStore, type ConsoleStore } from '@strata/console-server';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import type { RowBase, WatchMessage } from '../lib/rows';
import { subscribe } from './watch-hub';

/** Collects the messages of one subscriber and waits for the one a test expects. */
class Inbox {
  readonly messages: WatchMessage[] = [];

  readonly listener = (message: WatchMessage) => {
    this.messages.push(message);
  };

  async next(predicate: (m: WatchMessage) => boolean, timeoutMs = 30_000): Promise<WatchMessage> {
    return vi.waitFor(
      () => {
        const found = this.messages.find(predicate);
        if (!found) throw new Error(`no such message yet; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
        return found;
      },
      { timeout: timeoutMs, interval: 20 },
    );
  }
}

/** The hub watches as the signed-in user; an admin acts as cluster-admin in the cluster. */
const ADMIN = { username: 'admin', role: 'admin' } as const;

const names = (m: WatchMessage) => (m.type === 'RESYNC' ? m.rows.map((r: RowBase) => r.name).sort() : []);

describe('watch hub against a real API server', () => {
  let cp: TestControlPlane;
  let store: ConsoleStore;
  let dataDir: string;
  let clusterId: string;
  const kubectl = (...args: string[]) => execFileSync('/usr/bin/kubectl', ['--kubeconfig', cp.kubeconfigPath, ...args], { encoding: 'utf8' });

  beforeAll(async () => {
    cp = await startControlPlane();
    dataDir = mkdtempSync(join(tmpdir(), 'console-hub-'));
    store = await openConsoleStore({ url: 'sqlite::memory:', dataDir });
    clusterId = (await importKubeconfig(store, 'hub-test', readFileSync(cp.kubeconfigPath, 'utf8'))).id;
    kubectl('create', 'namespace', 'hub');
    // No controller manager runs here to create it.
    kubectl('-n', 'hub', 'create', 'serviceaccount', 'default');
    kubectl('-n', 'hub', 'run', 'first', '--image=registry.example/a:1', '--restart=Never');
  });

  afterAll(async () => {
    await store?.close();
    await cp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shares one feed between subscribers, starts each with the whole collection, then streams changes', async () => {
    const a = new Inbox();
    const b = new Inbox();
    const stopA = subscribe(store, clusterId, ADMIN, 'pods', 'hub', a.listener);
    const stopB = subscribe(store, clusterId, ADMIN, 'pods', 'hub', b.listener);
    expect(names(await a.next((m) => m.type === 'RESYNC'))).toEqual(['first']);
    expect(names(await b.next((m) => m.type === 'RESYNC'))).toEqual(['first']);
    await a.next((m) => m.type === 'STATUS' && m.state === 'watching');

    kubectl('-n', 'hub', 'run', 'second', '--image=registry.example/b:1', '--restart=Never');
    for (const inbox of [a, b]) {
      const added = await inbox.next((m) => m.type === 'ADDED' && m.row.name === 'second');
      expect(added).toMatchObject({ type: 'ADDED', row: { name: 'second', namespace: 'hub', phase: 'Pending' } });
    }

    // A late subscriber gets the current collection at once, from the shared feed.
    const c = new Inbox();
    const stopC = subscribe(store, clusterId, ADMIN, 'pods', 'hub', c.listener);
    expect(c.messages[0]?.type).toBe('RESYNC');
    expect(names(c.messages[0] as WatchMessage)).toEqual(['first', 'second']);

    kubectl('-n', 'hub', 'delete', 'pod', 'first', '--grace-period=0', '--force', '--wait=false');
    await b.next((m) => m.type === 'DELETED' && m.row.name === 'first');
    stopA();
    stopB();
    stopC();
  });

  it('reports an unknown kind at once', () => {
    expect(() => subscribe(store, clusterId, ADMIN, 'widgets', undefined, () => undefined)).toThrow(/unknown resource "widgets"/);
  });
});
