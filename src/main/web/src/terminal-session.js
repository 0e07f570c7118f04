import { Terminal } from '@xterm/xterm';
import { ApiError, attachUrl } from './api.js';
import { Backoff } from './backoff.js';
import { afterClose, closeCause } from './close-codes.js';
import { binaryFrames, inputFrames } from './input.js';
import { OutputCursor } from './offsets.js';
import { readyProbe, sleep, waitUntilReady } from './readiness.js';
import { SEARCH_DECORATIONS, loadAddons, useWebgl } from './terminal-addons.js';
import { keyAction } from './terminal-keys.js';
import { openTransport } from './transport.js';
import { WriteGate } from './write-gate.js';

/**
 * One terminal tab: xterm.js in an element, attached to a terminal of a workspace over the attach
 * WebSocket, re-attached from its offset whenever the connection drops. While cut off it waits for
 * the server to answer /api/v1/ready (readiness.js) and re-attaches as soon as it does.
 *
 * state: { name, cause?, code?, lostBytes? } with name one of connecting | connected |
 * reconnecting (cause: server, network, agent, behind, busy) | exited (code) | closed (the terminal
 * is gone) | stopped (its workspace is not running) | signed-out | failed. session-messages.js
 * words them.
 *
 * handlers: onState(state), onTitle(title) (OSC 0/2), onCommand('search' | 'font', value),
 * onSearchResults({ resultIndex, resultCount }).
 */
export class TerminalSession {
  constructor({ api, workspaceId, element, fontSize, theme, handlers = {} }) {
    this.api = api;
    this.workspaceId = workspaceId;
    this.terminalId = null;
    this.element = element;
    this.handlers = handlers;
    this.cursor = new OutputCursor();
    this.gate = new WriteGate();
    this.backoff = new Backoff({ ceiling: 3000 });
    this.transport = null;
    this.connected = false;
    this.waiting = null;
    this.disposed = false;
    this.ended = false;
    this.state = { name: 'connecting' };
    this.term = new Terminal({
      allowProposedApi: true,
      cursorBlink: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize,
      scrollback: 5000,
      theme,
    });
    ({ fit: this.fit, search: this.search } = loadAddons(this.term, {
      onSearchResults: (results) => this.handlers.onSearchResults?.(results),
    }));
    this.term.attachCustomKeyEventHandler((event) => this.key(event));
    this.term.onData((data) => this.send(inputFrames(data)));
    this.term.onBinary((data) => this.send(binaryFrames(data)));
    this.term.onResize(({ cols, rows }) => this.sendResize(cols, rows));
    this.term.onTitleChange((title) => this.handlers.onTitle?.(title));
    this.onOnline = () => this.reconnectNow();
    window.addEventListener('online', this.onOnline);
  }

  /** Shows the terminal in its element, sized to fit it, drawn with WebGL where the browser can. */
  open() {
    this.term.open(this.element);
    this.element.dataset.renderer = useWebgl(this.term, (renderer) => { this.element.dataset.renderer = renderer; });
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

  setLook(fontSize, theme) {
    this.term.options.theme = theme;
    if (this.term.options.fontSize !== fontSize) {
      this.term.options.fontSize = fontSize;
      this.fitToElement();
    }
  }

  findNext(text) {
    return text ? this.search.findNext(text, { decorations: SEARCH_DECORATIONS }) : false;
  }

  findPrevious(text) {
    return text ? this.search.findPrevious(text, { decorations: SEARCH_DECORATIONS }) : false;
  }

  clearSearch() {
    this.search.clearDecorations();
    this.term.clearSelection();
  }

  /** Starts attaching to a terminal; from now on the session keeps itself attached. */
  attach(terminalId) {
    this.terminalId = terminalId;
    this.connect();
  }

  async connect() {
    if (this.disposed || this.ended) {
      return;
    }
    if (this.state.name !== 'reconnecting') {
      this.setState(this.cursor.next === null ? { name: 'connecting' } : { name: 'reconnecting', cause: 'network' });
    }
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
      close: (code) => this.closed(transport, code),
    });
    this.transport = transport;
  }

  ticketRefused(error) {
    if (error instanceof ApiError) {
      if (error.status === 404) {
        this.end({ name: 'closed' });
        return;
      }
      if (error.status === 409 && error.code === 'workspace_not_running') {
        this.end({ name: 'stopped' });
        return;
      }
      if (error.status === 401) {
        this.end({ name: 'signed-out' });
        return;
      }
      if (error.status === 403 || error.status === 409) {
        this.end({ name: 'failed' });
        return;
      }
      if (error.retryAfterSeconds !== null) {
        this.retry('busy', error.retryAfterSeconds * 1000);
        return;
      }
      this.retry(error.status === 503 ? 'server' : 'network', this.backoff.next());
      return;
    }
    // No answer at all: the server is away.
    this.retry('server', this.backoff.next());
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
        this.backoff.reset();
        this.setState({ name: 'connected', lostBytes: lost });
        this.sendResize(this.term.cols, this.term.rows);
        break;
      }
      case 'exit':
        this.ended = true;
        this.term.write(`\r\n\x1b[2m[the shell exited with code ${event.code}]\x1b[0m\r\n`);
        this.term.write('\x1b[?25l');
        this.setState({ name: 'exited', code: event.code });
        break;
      case 'error':
        if (event.error === 'terminal_not_found') {
          this.end({ name: 'closed' });
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

  closed(transport, code) {
    if (transport !== this.transport) {
      return;
    }
    this.transport = null;
    this.connected = false;
    if (this.disposed || this.ended) {
      return;
    }
    if (afterClose(code) === 'stop') {
      // 4000: deleted, or its workspace stopped; the view tells which once it has read the workspace.
      this.end({ name: 'closed' });
      return;
    }
    this.retry(closeCause(code), code === 4001 ? 0 : this.backoff.next());
  }

  /**
   * Re-attaches after at least delay ms, and not before the server answers /api/v1/ready: the
   * re-attach comes within one short readiness pause of the server being back.
   */
  retry(cause, delay) {
    if (this.disposed || this.ended) {
      return;
    }
    this.setState({ name: 'reconnecting', cause });
    this.waiting?.abort();
    const waiting = new AbortController();
    this.waiting = waiting;
    const probe = async (signal) => {
      const ready = await readyProbe(signal).catch(() => false);
      if (!ready && this.state.name === 'reconnecting' && this.state.cause !== 'server') {
        this.setState({ name: 'reconnecting', cause: 'server' });
      }
      return ready;
    };
    sleep(delay, waiting.signal)
      .then(() => waitUntilReady({ probe, sleep, signal: waiting.signal }))
      .then(() => {
        if (this.waiting === waiting) {
          this.waiting = null;
          this.connect();
        }
      }, () => {});
  }

  /** "Reconnect now": stops waiting and re-attaches at once (also when the browser is back online). */
  reconnectNow() {
    if (this.waiting) {
      this.waiting.abort();
      this.waiting = null;
      this.backoff.reset();
      this.connect();
    }
  }

  end(state) {
    this.ended = true;
    this.waiting?.abort();
    this.waiting = null;
    this.transport?.close(1000, '');
    // Nothing typed here goes anywhere any more: no cursor invites it.
    this.term.write('\x1b[?25l');
    this.setState(state);
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

  /** The page's keys (terminal-keys.js) first; every other key is the terminal's. */
  key(event) {
    const pressed = keyAction(event, this.term.hasSelection());
    switch (pressed?.action) {
      case 'search':
        this.handlers.onCommand?.('search');
        break;
      case 'font':
        this.handlers.onCommand?.('font', pressed.step);
        break;
      case 'copy':
        this.copySelection();
        if (pressed.clear) {
          this.term.clearSelection();
        }
        break;
      case 'paste':
        // The browser pastes; xterm.js must not take the key as input.
        return false;
      default:
        return true;
    }
    event.preventDefault();
    return false;
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

  setState(state) {
    this.state = state;
    this.handlers.onState?.(state);
  }

  /** Detaches (the terminal keeps running on the server) and frees the tab. */
  dispose() {
    this.disposed = true;
    this.waiting?.abort();
    this.waiting = null;
    window.removeEventListener('online', this.onOnline);
    this.resizeObserver?.disconnect();
    this.transport?.close(1000, '');
    this.transport = null;
    this.term.dispose();
  }
}
