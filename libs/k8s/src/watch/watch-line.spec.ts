import { describe, expect, it } from 'vitest';
import { parseWatchLine } from './watch-line';

// Lines as kube-apiserver v1.37 sends them.
const added = '{"type":"ADDED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c0","namespace":"default","resourceVersion":"211"}}}';
const bookmark = '{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"212"}}}';
const expired =
  '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"The resourceVersion for the provided watch is too old.","reason":"Expired","code":410}}';
const internal =
  '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcd is down","reason":"InternalError","code":500}}';

describe('parseWatchLine', () => {
  it('reads a change with its object and resourceVersion', () => {
    const line = parseWatchLine(added);
    expect(line).toMatchObject({ kind: 'event', type: 'ADDED', resourceVersion: '211' });
    expect(line.kind === 'event' && line.object.metadata?.name).toBe('c0');
  });

  it('reads a bookmark as progress only', () => {
    expect(parseWatchLine(bookmark)).toEqual({ kind: 'bookmark', resourceVersion: '212' });
  });

  it('reads 410 Expired as gone', () => {
    expect(parseWatchLine(expired)).toEqual({ kind: 'gone', message: 'The resourceVersion for the provided watch is too old.' });
  });

  it('keeps the Status of other errors', () => {
    expect(parseWatchLine(internal)).toMatchObject({ kind: 'error', status: { code: 500, message: 'etcd is down' } });
  });

  it.each(['not json', '{"type":"WHAT"}'])('marks %j as unknown', (text) => {
    expect(parseWatchLine(text).kind).toBe('unknown');
  });
});
