import { CLOSED_BEHIND } from './close-codes.js';

/** What the plain-WebSocket transport holds while paused before it gives up the connection. */
export const MAX_HELD_BYTES = 8 * 1024 * 1024;

/**
 * One attach connection. Delivers every message it received, in order, then its close, and can
 * stop reading while the terminal is behind:
 * - WebSocketStream (where the browser has it) stops reading from the network itself, so the
 *   server's flow control holds a flood back in the program that writes it;
 * - a plain WebSocket cannot stop reading: while paused it holds the messages, and past
 *   MAX_HELD_BYTES it closes the connection (CLOSED_BEHIND) and hands over what it held, after
 *   which the session re-attaches from its offset.
 *
 * handlers: text(string), binary(Uint8Array), close(code, reason).
 */
export function openTransport(url, handlers, { preferStreams = true } = {}) {
  if (preferStreams && typeof globalThis.WebSocketStream === 'function') {
    return new StreamTransport(url, handlers);
  }
  return new SocketTransport(url, handlers);
}

class StreamTransport {
  constructor(url, handlers) {
    this.kind = 'WebSocketStream';
    this.handlers = handlers;
    this.paused = false;
    this.wake = null;
    this.writer = null;
    this.socket = new globalThis.WebSocketStream(url);
    this.run();
  }

  async run() {
    let code = 1006;
    let reason = '';
    try {
      const { readable, writable } = await this.socket.opened;
      this.writer = writable.getWriter();
      const reader = readable.getReader();
      for (;;) {
        if (this.paused) {
          await new Promise((resolve) => { this.wake = resolve; });
        }
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        if (typeof value === 'string') {
          this.handlers.text(value);
        } else {
          this.handlers.binary(value instanceof Uint8Array ? value : new Uint8Array(value));
        }
      }
      ({ closeCode: code = 1005, reason = '' } = await this.socket.closed);
    } catch (error) {
      // An unclean close rejects with a WebSocketError that carries the code (1006 when lost).
      code = typeof error?.closeCode === 'number' ? error.closeCode : 1006;
      reason = error?.reason ?? '';
    }
    this.handlers.close(code, reason);
  }

  send(data) {
    this.writer?.write(data).catch(() => {});
  }

  pause() {
    this.paused = true;
  }

  resume() {
    this.paused = false;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  close(code = 1000, reason = '') {
    try {
      this.socket.close({ closeCode: code, reason });
    } catch {
      // Already closed.
    }
  }
}

class SocketTransport {
  constructor(url, handlers) {
    this.kind = 'WebSocket';
    this.handlers = handlers;
    this.paused = false;
    this.held = [];
    this.heldBytes = 0;
    this.closeInfo = null;
    this.closeReported = false;
    this.behind = false;
    this.socket = new WebSocket(url);
    this.socket.binaryType = 'arraybuffer';
    this.socket.onmessage = (event) => this.message(event.data);
    this.socket.onclose = (event) => {
      this.closeInfo = this.behind ? { code: CLOSED_BEHIND, reason: 'behind' } : { code: event.code, reason: event.reason };
      this.flush();
    };
  }

  message(data) {
    const message = typeof data === 'string' ? data : new Uint8Array(data);
    if (!this.paused && this.held.length === 0) {
      this.deliver(message);
      return;
    }
    this.held.push(message);
    this.heldBytes += message.length;
    if (this.heldBytes > MAX_HELD_BYTES && !this.behind) {
      this.behind = true;
      this.socket.close(1000, 'behind');
    }
  }

  deliver(message) {
    if (typeof message === 'string') {
      this.handlers.text(message);
    } else {
      this.handlers.binary(message);
    }
  }

  flush() {
    while (!this.paused && this.held.length > 0) {
      const message = this.held.shift();
      this.heldBytes -= message.length;
      this.deliver(message);
    }
    if (!this.paused && this.held.length === 0 && this.closeInfo && !this.closeReported) {
      this.closeReported = true;
      this.handlers.close(this.closeInfo.code, this.closeInfo.reason);
    }
  }

  send(data) {
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(data);
    }
  }

  pause() {
    this.paused = true;
  }

  resume() {
    this.paused = false;
    this.flush();
  }

  close(code = 1000, reason = '') {
    this.socket.close(code, reason);
  }
}
