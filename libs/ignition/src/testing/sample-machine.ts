// A realistic machine config used by the tests: every kind of entry, contents that
// stress the encoders, units with drop-ins, users with keys. Test-only; not exported.
import type { IgnitionBuilder } from '../builder';

/** Every printable ASCII character plus tab, CR and LF. */
export const ALL_ASCII_TEXT = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + '\t\r\n';

/** Unicode text with characters that need percent-encoding in data URLs. */
export const UNICODE_TEXT = 'Grüße aus 東京 🚀\n100% sure #not-a-fragment ?q=1&x=+y\r\n\ttabbed line\n';

/** Mostly URL-safe text with one of each character the percent form must escape. */
export const ESCAPES_TEXT =
  'endpoint=https://10.0.0.1:6443/healthz,ca=/etc/kubernetes/pki/ca.crt,note=100%_sure#not-a-fragment?q=1&x=a+b;c"d\\e<f>g`h|i^j{k}l[m]n$o ü\n';

/** Every byte value, twice, so base64 groups cover all alignments. */
export const ALL_BYTES = new Uint8Array(512).map((_, i) => i % 256);

export const KUBELET_UNIT = `[Unit]
Description=Kubernetes node agent
After=containerd.service

[Service]
ExecStart=/opt/bin/kubelet --config=/etc/kubernetes/kubelet.yaml
Restart=always

[Install]
WantedBy=multi-user.target
`;

export const SYNC_TIMER = `[Unit]
Description=Periodic Strata sync

[Timer]
OnBootSec=5min
OnUnitActiveSec=1h

[Install]
WantedBy=timers.target
`;

export const CORE_KEYS = [
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+RtvSvc8ITTcDf6HGvTL ops@example.com',
  'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg= laptop',
];

/**
 * The entries of the sample machine, one builder call each, so tests can add them in
 * any order.
 */
export function sampleMachineEntries(): ((builder: IgnitionBuilder) => void)[] {
  return [
    (b) => b.file({ path: '/etc/hostname', contents: 'node-1\n', overwrite: true }),
    (b) => b.file({ path: '/etc/kubernetes/kubelet.yaml', contents: 'kind: KubeletConfiguration\nstaticPodPath: /etc/kubernetes/manifests\n', mode: 0o600 }),
    (b) => b.file({ path: '/opt/bin/strata-setup', contents: '#!/bin/sh\n# 100% idempotent\necho "$1" > /run/strata-ready\n', mode: 0o755 }),
    (b) => b.file({ path: '/etc/strata/all-ascii.txt', contents: ALL_ASCII_TEXT }),
    (b) => b.file({ path: '/etc/strata/unicode.txt', contents: UNICODE_TEXT, mode: 0o640, user: 0, group: 0 }),
    (b) => b.file({ path: '/etc/strata/empty', contents: '' }),
    (b) => b.file({ path: '/etc/strata/escapes.env', contents: ESCAPES_TEXT }),
    (b) => b.file({ path: '/var/lib/strata/blob.bin', contents: ALL_BYTES, mode: 0o600, user: 1234, group: 1234 }),
    (b) => b.directory({ path: '/etc/kubernetes/manifests' }),
    (b) => b.directory({ path: '/var/lib/etcd', mode: 0o700 }),
    (b) => b.directory({ path: '/var/log/strata', mode: 0o750, user: 1234, group: 1234 }),
    (b) => b.link({ path: '/etc/localtime', target: '/usr/share/zoneinfo/UTC' }),
    (b) => b.link({ path: '/opt/bin/setup', target: 'strata-setup' }),
    (b) => b.link({ path: '/etc/strata/hostname-copy', target: '/etc/hostname', hard: true }),
    (b) =>
      b.unit({
        name: 'kubelet.service',
        contents: KUBELET_UNIT,
        enabled: true,
        dropins: [
          { name: '20-env.conf', contents: '[Service]\nEnvironment=KUBELET_EXTRA_ARGS=--v=2\n' },
          { name: '10-strata.conf', contents: '[Service]\nEnvironment=STRATA_NODE=node-1\n' },
        ],
      }),
    (b) => b.unit({ name: 'containerd.service', dropins: [{ name: '10-limits.conf', contents: '[Service]\nLimitNOFILE=1048576\n' }] }),
    (b) => b.unit({ name: 'strata-sync.timer', contents: SYNC_TIMER, enabled: true }),
    (b) => b.unit({ name: 'strata-sync.service', contents: '[Service]\nType=oneshot\nExecStart=/opt/bin/strata-setup sync\n' }),
    (b) => b.unit({ name: 'update-engine.service', mask: true }),
    (b) => b.user({ name: 'core', sshAuthorizedKeys: CORE_KEYS, groups: ['wheel', 'sudo'] }),
    (b) => b.user({ name: 'strata-admin', uid: 1500, sshAuthorizedKeys: [CORE_KEYS[0] ?? ''], groups: ['wheel'], shell: '/bin/sh' }),
  ];
}

/** Groups the sample users join; a machine image must provide them in /etc/group. */
export const SAMPLE_GROUPS = ['wheel', 'sudo'];
