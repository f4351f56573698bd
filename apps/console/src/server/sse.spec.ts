import { describe, expect, it } from 'vitest';
import { sseEvent, sseMessage, sseRetry } from './sse';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('sse framing', () => {
  it('frames a JSON message as one data line and a blank line', () => {
    expect(text(sseMessage({ type: 'ADDED', row: { name: 'a\nb' } }))).toBe('data: {"type":"ADDED","row":{"name":"a\\nb"}}\n\n');
  });

  it('names events other than message', () => {
    expect(text(sseEvent('heartbeat', { at: 1 }))).toBe('event: heartbeat\ndata: {"at":1}\n\n');
  });

  it('sets the reconnection delay', () => {
    expect(text(sseRetry(2000.4))).toBe('retry: 2000\n\n');
  });
});
