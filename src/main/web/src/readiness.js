import { Backoff } from './backoff.js';

/**
 * Waits for the server to be ready again: asks GET /api/v1/ready (no credentials, nothing but the
 * status read; the health endpoints answer on the management port only) at once, then after
 * growing pauses capped at a couple of seconds, and resolves as soon as it answers 200. Rejects with an AbortError when signal aborts. A page cut off from a
 * restarting server thus comes back within about one pause of the server being ready.
 *
 * probe: () => Promise<boolean> (true when ready; a thrown error counts as not ready).
 * sleep: (ms, signal) => Promise<void>.
 */
export async function waitUntilReady({ probe, sleep, signal, backoff = new Backoff({ first: 200, ceiling: 1500 }) }) {
  for (;;) {
    signal?.throwIfAborted();
    let ready = false;
    try {
      ready = await probe(signal);
    } catch (error) {
      if (signal?.aborted) {
        throw signal.reason;
      }
    }
    signal?.throwIfAborted();
    if (ready) {
      return;
    }
    await sleep(backoff.next(), signal);
  }
}

/** The browser's probe: is /api/v1/ready answering 200 now? */
export async function readyProbe(signal) {
  const response = await fetch('/api/v1/ready', { cache: 'no-store', credentials: 'omit', signal });
  return response.status === 200;
}

/** A setTimeout that an AbortSignal can cut short (rejecting with the signal's reason). */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
