/**
 * Server-sent events read from a fetch() response. EventSource cannot send the bearer header the
 * progress stream needs, so the page reads the stream itself; this is the text/event-stream format
 * of the HTML standard, fed one decoded chunk at a time (chunks may split lines anywhere).
 */
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.sawCarriageReturn = false;
    this.reset();
  }

  reset() {
    this.type = '';
    this.data = [];
  }

  feed(chunk) {
    let text = chunk;
    // A CR at the end of the previous chunk ended a line; a LF right after it belongs to that ending.
    if (this.sawCarriageReturn && text.startsWith('\n')) {
      text = text.slice(1);
    }
    this.sawCarriageReturn = false;
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop();
    this.sawCarriageReturn = text.endsWith('\r') && this.buffer === '';
    for (const line of lines) {
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0) {
        this.onEvent({ type: this.type || 'message', data: this.data.join('\n') });
      }
      this.reset();
      return;
    }
    if (line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      this.type = value;
    } else if (field === 'data') {
      this.data.push(value);
    }
  }
}

/** Reads a text/event-stream response to its end, calling onEvent for each event. */
export async function readEvents(response, onEvent) {
  const parser = new SseParser(onEvent);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    parser.feed(value);
  }
}
