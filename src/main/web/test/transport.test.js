import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { CLOSED_BEHIND } from '../src/close-codes.js';
import { MAX_HELD_BYTES, openTransport } from '../src/transport.js';

/** Records what a transport hands on. */
function recorder() {
  const seen = [];
  return {
    seen,
    handlers: {
      text: (text) => seen.push(`text:${text}`),
      binary: (bytes) => seen.push(`binary:${bytes.length}`),
      close: (code) => seen.push(`close:${code}`),
    },
  };
}

/** A WebSocket whose events the test fires. */
class FakeSocket {
  static OPEN = 1;
  static last = null;

  constructor(url) {
    this.url = url;
    this.readyState = FakeSocket.OPEN;
    this.sent = [];
    this.closedWith = null;
    FakeSocket.last = this;
  }

  send(data) {
    this.sent.push(data);
  }

  close(code, reason) {
    this.closedWith = { code, reason };
    this.readyState = 3;
    queueMicrotask(() => this.onclose({ code: 1005, reason: '' }));
  }
}

/** A WebSocketStream over a readable the test feeds, counting the reads the transport asks for. */
class FakeStream {
  static last = null;

  constructor(url) {
    this.url = url;
    this.pulls = 0;
    this.queue = [];
    this.waiting = null;
    let endWith;
    this.closed = new Promise((resolve) => { endWith = resolve; });
    // highWaterMark 0: the stream pulls only for a read the transport asked for, as the browser
    // reads from the network only for it.
    const readable = new ReadableStream({
      pull: (controller) => {
        this.pulls += 1;
        return new Promise((resolve) => {
          const take = () => {
            const next = this.queue.shift();
            if (next === 'end') {
              controller.close();
              endWith({ closeCode: 4001, reason: 'slow' });
            } else {
              controller.enqueue(next);
            }
            resolve();
          };
          if (this.queue.length > 0) {
            take();
          } else {
            this.waiting = take;
          }
        });
      },
    }, { highWaterMark: 0 });
    this.opened = Promise.resolve({ readable, writable: new WritableStream() });
    FakeStream.last = this;
  }

  push(...messages) {
    this.queue.push(...messages);
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

afterEach(() => {
  delete globalThis.WebSocket;
  delete globalThis.WebSocketStream;
});

test('socket_messagesWhileRunning_handedOnInOrder', () => {
  globalThis.WebSocket = FakeSocket;
  const { seen, handlers } = recorder();
  openTransport('ws://x', handlers);
  const socket = FakeSocket.last;

  socket.onmessage({ data: '{"type":"attached"}' });
  socket.onmessage({ data: new ArrayBuffer(3) });

  assert.deepEqual(seen, ['text:{"type":"attached"}', 'binary:3']);
});

test('socket_paused_holdsMessagesUntilResumed', () => {
  globalThis.WebSocket = FakeSocket;
  const { seen, handlers } = recorder();
  const transport = openTransport('ws://x', handlers);
  const socket = FakeSocket.last;

  transport.pause();
  socket.onmessage({ data: new ArrayBuffer(5) });
  socket.onmessage({ data: 'event' });
  assert.deepEqual(seen, []);

  transport.resume();
  assert.deepEqual(seen, ['binary:5', 'text:event']);
});

test('socket_closedWhilePaused_closeReportedAfterTheHeldMessages', () => {
  globalThis.WebSocket = FakeSocket;
  const { seen, handlers } = recorder();
  const transport = openTransport('ws://x', handlers);
  const socket = FakeSocket.last;

  transport.pause();
  socket.onmessage({ data: new ArrayBuffer(2) });
  socket.onclose({ code: 1006, reason: '' });
  assert.deepEqual(seen, []);

  transport.resume();
  assert.deepEqual(seen, ['binary:2', 'close:1006']);
});

test('socket_holdsMoreThanTheLimit_closesAsBehindAndDeliversEverythingFirst', async () => {
  globalThis.WebSocket = FakeSocket;
  const { seen, handlers } = recorder();
  const transport = openTransport('ws://x', handlers);
  const socket = FakeSocket.last;
  const chunk = 1024 * 1024;

  transport.pause();
  for (let sent = 0; sent <= MAX_HELD_BYTES; sent += chunk) {
    socket.onmessage({ data: new ArrayBuffer(chunk) });
  }
  await settle();

  assert.equal(socket.closedWith.code, 1000);
  assert.deepEqual(seen, []);
  transport.resume();
  assert.equal(seen.filter((entry) => entry === `binary:${chunk}`).length, MAX_HELD_BYTES / chunk + 1);
  assert.equal(seen.at(-1), `close:${CLOSED_BEHIND}`);
});

test('stream_preferredWhereTheBrowserHasIt', () => {
  globalThis.WebSocket = FakeSocket;
  globalThis.WebSocketStream = FakeStream;

  assert.equal(openTransport('ws://x', recorder().handlers).kind, 'WebSocketStream');
  assert.equal(openTransport('ws://x', recorder().handlers, { preferStreams: false }).kind, 'WebSocket');
});

test('stream_paused_stopsReadingFromTheConnection', async () => {
  globalThis.WebSocketStream = FakeStream;
  const { seen, handlers } = recorder();
  const transport = openTransport('ws://x', handlers);
  const stream = FakeStream.last;
  stream.push(new Uint8Array(4), new Uint8Array(6));
  await settle();
  assert.deepEqual(seen, ['binary:4', 'binary:6']);

  transport.pause();
  // The read asked for before the pause still completes; then the transport asks for no more.
  stream.push(new Uint8Array(8));
  await settle();
  const pullsWhilePaused = stream.pulls;
  stream.push(new Uint8Array(1), new Uint8Array(2));
  await settle();

  assert.deepEqual(seen, ['binary:4', 'binary:6', 'binary:8']);
  assert.equal(stream.pulls, pullsWhilePaused);
  transport.resume();
  await settle();
  assert.deepEqual(seen.slice(3), ['binary:1', 'binary:2']);
});

test('stream_serverCloses_closeCodeReported', async () => {
  globalThis.WebSocketStream = FakeStream;
  const { seen, handlers } = recorder();
  openTransport('ws://x', handlers);
  FakeStream.last.push('{"type":"attached"}', 'end');
  await settle();

  assert.deepEqual(seen, ['text:{"type":"attached"}', 'close:4001']);
});
