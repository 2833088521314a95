/** One Server-Sent Event as the wire carries it. */
export interface RawSseEvent {
  event: string;
  data: string;
  /** The `id:` field of this event, or `null` when it had none. */
  id: string | null;
  /** The `retry:` field, in ms, when the event set one. */
  retry: number | null;
}

/**
 * Reads `text/event-stream` from a byte stream (the WHATWG parsing rules: `event`, `data` on several
 * lines, `id`, `retry`, comments, CR/LF/CRLF line ends); yields each dispatched event. Ends when the
 * stream ends; an event cut off mid-way is dropped, as browsers do.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<RawSseEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | null = null;
  let retry: number | null = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (;;) {
        const end = buffer.search(/\r\n|\r|\n/);
        if (end < 0) break;
        // A lone CR at the end of the buffer may be the first half of CRLF: wait for more.
        if (buffer[end] === '\r' && end === buffer.length - 1) break;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        if (line === '') {
          // A block with only `id:` or `retry:` dispatches nothing but still moves them: event ''.
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), id, retry };
          else if (id !== null || retry !== null) yield { event: '', data: '', id, retry };
          event = '';
          data = [];
          id = null;
          retry = null;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let fieldValue = colon < 0 ? '' : line.slice(colon + 1);
        if (fieldValue.startsWith(' ')) fieldValue = fieldValue.slice(1);
        if (field === 'event') event = fieldValue;
        else if (field === 'data') data.push(fieldValue);
        else if (field === 'id' && !fieldValue.includes('\0')) id = fieldValue;
        else if (field === 'retry' && /^\d+$/.test(fieldValue)) retry = Number(fieldValue);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
