import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { ApiError, attachUrl } from './api.js';
import { Backoff } from './backoff.js';
import { afterClose, describeClose } from './close-codes.js';
import { binaryFrames, inputFrames } from './input.js';
import { OutputCursor } from './offsets.js';
import { openTransport } from './transport.js';
import { WriteGate } from './write-gate.js';

/**
 * One terminal tab: xterm.js in an element, attached to a terminal of a workspace over the attach
 * WebSocket, re-attached from its offset whenever the connection drops.
 *
 * state: connecting | connected | reconnecting | exited | closed (the terminal is gone) | failed
 */
export class TerminalSession {
  constructor({ api, workspaceId, element, onState = () => {} }) {
    this.api = api;
    this.workspaceId = workspaceId;
    this.terminalId = null;
    this.element = element;
    this.onState = onState;
    this.cursor = new OutputCursor();
    this.gate = new WriteGate();
    this.backoff = new Backoff();
    this.transport = null;
    this.connected = false;
    this.retryTimer = null;
    this.dropReason = null;
    this.disposed = false;
    this.ended = false;
    this.state = { name: 'connecting', detail: '' };
    this.term = new Terminal({
      cursorBlink: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      scrollback: 5000,
      theme: { background: '#1e1f22' },
    });
    this.fit = new FitAddon();
    this.term.loadAddon(this.fit);
    this.term.attachCustomKeyEventHandler((event) => this.clipboardKey(event));
    this.term.onData((data) => this.send(inputFrames(data)));
    this.term.onBinary((data) => this.send(binaryFrames(data)));
    this.term.onResize(({ cols, rows }) => this.sendResize(cols, rows));
    this.onOnline = () => this.retryNow();
    window.addEventListener('online', this.onOnline);
  }

  /** Shows the terminal in its element, sized to fit it. */
  open() {
    this.term.open(this.element);
    this.fitToElement();
    this.resizeObserver = new ResizeObserver(() => this.fitToElement());
    this.resizeObserver.observe(this.element);
  }

  /** Columns and rows that fill the element now (for creating a terminal of that size). */
  size() {
    return { cols: this.term.cols, rows: this.term.rows };
  }

  fitToElement() {
    // A hidden tab has no size to fit; it fits when it is shown again.
    if (!this.disposed && this.element.offsetWidth > 0 && this.element.offsetHeight > 0) {
      this.fit.fit();
    }
  }

  focus() {
    this.term.focus();
  }

  /** Starts attaching to a terminal; from now on the session keeps itself attached. */
  attach(terminalId) {
    this.terminalId = terminalId;
    this.connect();
  }

  async connect() {
    this.retryTimer = null;
    if (this.disposed || this.ended) {
      return;
    }
    this.setState(this.cursor.next === null ? 'connecting' : 'reconnecting',
      this.dropReason ? `${this.dropReason}; re-attaching` : '');
    let ticket;
    try {
      ({ ticket } = await this.api.ticket(this.workspaceId, this.terminalId));
    } catch (error) {
      this.ticketRefused(error);
      return;
    }
    if (this.disposed) {
      return;
    }
    const url = attachUrl(window.location, this.workspaceId, this.terminalId, { ...this.cursor.query(), ticket });
    const transport = openTransport(url, {
      text: (message) => this.event(transport, message),
      binary: (bytes) => this.output(transport, bytes),
      close: (code, reason) => this.closed(transport, code, reason),
    });
    this.transport = transport;
  }

  ticketRefused(error) {
    if (error instanceof ApiError) {
      if (error.status === 404) {
        this.end('closed', 'This terminal no longer exists.');
        return;
      }
      if (error.status === 409 || error.status === 401 || error.status === 403) {
        this.end('failed', error.message);
        return;
      }
      if (error.retryAfterSeconds !== null) {
        this.retryIn(error.retryAfterSeconds * 1000, error.message);
        return;
      }
    }
    this.retryIn(this.backoff.next(), error.message ?? String(error));
  }

  event(transport, message) {
    if (transport !== this.transport) {
      return;
    }
    let event;
    try {
      event = JSON.parse(message);
    } catch {
      return;
    }
    switch (event.type) {
      case 'attached': {
        const lost = this.cursor.attached(event);
        this.connected = true;
        this.dropReason = null;
        this.backoff.reset();
        this.setState('connected', lost > 0 ? `${formatBytes(lost)} of output was too old to replay.` : '');
        this.sendResize(this.term.cols, this.term.rows);
        break;
      }
      case 'exit':
        this.ended = true;
        this.term.write(`\r\n\x1b[2m[the shell exited with code ${event.code}]\x1b[0m\r\n`);
        this.setState('exited', `The shell exited with code ${event.code}.`);
        break;
      case 'error':
        if (event.error === 'terminal_not_found') {
          this.end('closed', 'This terminal no longer exists.');
        } else {
          this.setState(this.state.name, event.message ?? event.error);
        }
        break;
      default:
        break;
    }
  }

  output(transport, bytes) {
    if (transport !== this.transport) {
      return;
    }
    this.cursor.received(bytes.length);
    const length = bytes.length;
    if (this.gate.written(length)) {
      transport.pause();
    }
    this.term.write(bytes, () => {
      if (this.gate.parsed(length)) {
        transport.resume();
      }
    });
  }

  closed(transport, code, reason) {
    if (transport !== this.transport) {
      return;
    }
    this.transport = null;
    this.connected = false;
    if (this.disposed || this.ended) {
      return;
    }
    if (afterClose(code) === 'stop') {
      this.end('closed', code === 4000 ? 'The terminal was closed.' : `The connection ended (${code} ${reason}).`);
      return;
    }
    this.retryIn(code === 4001 ? 0 : this.backoff.next(), describeClose(code));
  }

  retryIn(delay, why) {
    if (this.disposed || this.ended) {
      return;
    }
    const seconds = Math.ceil(delay / 1000);
    this.dropReason = why;
    this.setState('reconnecting', seconds > 0 ? `${why}; trying again in ${seconds} s` : `${why}; re-attaching`);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  retryNow() {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.connect();
    }
  }

  end(name, detail) {
    this.ended = true;
    this.transport?.close(1000, '');
    this.setState(name, detail);
  }

  send(frames) {
    if (!this.connected || !this.transport) {
      return;
    }
    for (const frame of frames) {
      this.transport.send(frame);
    }
  }

  sendResize(cols, rows) {
    if (this.connected && this.transport) {
      this.transport.send(JSON.stringify({ type: 'resize', cols, rows }));
    }
  }

  /**
   * Copy and paste with the keyboard, as in Linux terminals. Copy: Ctrl+Shift+C or Ctrl+Insert, and
   * Ctrl+C while text is selected (which then clears the selection, so the next Ctrl+C is the
   * interrupt again). Paste: Ctrl+Shift+V or Shift+Insert let the browser paste, which xterm.js
   * turns into input (bracketed when the program asked for it). Ctrl+V stays the program's (quoted
   * insert, Vim's block selection). On a Mac, Cmd+C and Cmd+V are the browser's own.
   */
  clipboardKey(event) {
    if (event.type !== 'keydown') {
      return true;
    }
    const key = event.key.toLowerCase();
    const ctrl = event.ctrlKey && !event.altKey && !event.metaKey;
    const shift = event.shiftKey && !event.altKey && !event.metaKey;
    if ((ctrl && event.shiftKey && key === 'c') || (ctrl && !event.shiftKey && key === 'insert')) {
      this.copySelection();
      event.preventDefault();
      return false;
    }
    if (ctrl && !event.shiftKey && key === 'c' && this.term.hasSelection()) {
      this.copySelection();
      this.term.clearSelection();
      event.preventDefault();
      return false;
    }
    const paste = (ctrl && event.shiftKey && key === 'v') || (shift && !event.ctrlKey && key === 'insert');
    return !paste;
  }

  copySelection() {
    if (!this.term.hasSelection()) {
      return;
    }
    // The copy command fires a copy event, which xterm.js fills with the selection: it needs no
    // clipboard permission and works on plain http:// pages, where there is no clipboard API.
    if (!document.execCommand('copy') && navigator.clipboard) {
      navigator.clipboard.writeText(this.term.getSelection()).catch(() => {});
    }
  }

  setState(name, detail = '') {
    this.state = { name, detail };
    this.onState(this.state);
  }

  /** Detaches (the terminal keeps running on the server) and frees the tab. */
  dispose() {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.onOnline);
    this.resizeObserver?.disconnect();
    this.transport?.close(1000, '');
    this.transport = null;
    this.term.dispose();
  }
}

function formatBytes(count) {
  if (count < 1024) {
    return `${count} bytes`;
  }
  if (count < 1024 * 1024) {
    return `${(count / 1024).toFixed(0)} KiB`;
  }
  return `${(count / 1024 / 1024).toFixed(1)} MiB`;
}
