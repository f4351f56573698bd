/**
 * Server-Sent Events framing (HTML Living Standard, "Server-sent events"): each message is
 * `data:` lines ended by a blank line; lines starting with `:` are comments.
 */
const encoder = new TextEncoder();

/** One `message` event carrying `payload` as JSON (JSON has no raw newlines, so one line). */
export function sseMessage(payload: unknown): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(payload)}\n\n`);
}

/** A named event; the browser sees it only through `addEventListener(name)`. */
export function sseEvent(name: string, payload: unknown): Uint8Array {
  return encoder.encode(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
}

/** Tells the browser how long to wait before reconnecting after a drop. */
export function sseRetry(ms: number): Uint8Array {
  return encoder.encode(`retry: ${Math.round(ms)}\n\n`);
}

/** Headers of an event stream that no proxy or compressor may buffer. */
export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
  // Next's compression would hold small writes back; an explicit identity encoding stops it.
  'content-encoding': 'none',
};
