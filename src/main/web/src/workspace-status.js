import { ApiError } from './api.js';
import { readEvents } from './sse.js';
import { sleep } from './readiness.js';

/** What can be done with a workspace in each status (the buttons that stay enabled). */
export function possibleActions(status) {
  return {
    start: status === 'stopped' || status === 'failed',
    stop: status === 'running' || status === 'starting' || status === 'failed',
    terminals: status === 'running',
  };
}

/** Words for a status and its progress, for people ("Starting · pulling image"). */
export function describeStatus({ status, progress, reason }) {
  const words = {
    creating: 'Creating', starting: 'Starting', running: 'Running', stopping: 'Stopping',
    stopped: 'Stopped', failed: 'Failed', deleting: 'Deleting',
  }[status] ?? 'Unknown';
  const detail = status !== 'running' && progress ? progress.replace(/_/g, ' ') : '';
  return { words, detail, reason: reason ?? '' };
}

/** The progress stream ends after these (docs/protocol.md, "Progress events"). */
const STREAM_ENDS = new Set(['running', 'failed', 'deleting']);
/** A running workspace has no stream to follow: a stop made elsewhere is noticed by asking now and then. */
const RUNNING_CHECK_MS = 10000;

/**
 * Follows one workspace's status live: the progress stream (server-sent events) while it is on its
 * way somewhere or stopped (the stream waits for a start), a quiet GET now and then once it runs.
 * onChange({ status, progress, reason, name }); onGone() when it was deleted.
 */
export class WorkspaceStatus {
  constructor({ api, workspaceId, onChange, onGone }) {
    this.api = api;
    this.workspaceId = workspaceId;
    this.onChange = onChange;
    this.onGone = onGone;
    this.abort = new AbortController();
    this.current = null;
    this.wake = null;
  }

  /** Reads the workspace now and keeps following it until dispose(). */
  async run() {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        this.changed(await this.api.workspace(this.workspaceId));
        if (this.current.status === 'running') {
          await this.pause(RUNNING_CHECK_MS);
        } else {
          await this.follow(signal);
          if (!STREAM_ENDS.has(this.current.status)) {
            await this.pause(1000);
          }
        }
      } catch (error) {
        if (signal.aborted) {
          return;
        }
        if (error instanceof ApiError && error.status === 404) {
          this.onGone();
          return;
        }
        if (error instanceof ApiError && error.status === 401) {
          return;
        }
        // The server is away (restarting): try again shortly; the terminals say what is going on.
        await this.pause(2000);
      }
    }
  }

  async follow(signal) {
    const response = await this.api.workspaceEvents(this.workspaceId, signal);
    await readEvents(response, (event) => {
      if (event.type === 'phase') {
        this.changed(JSON.parse(event.data));
      }
    });
  }

  changed(phase) {
    this.current = { ...this.current, status: phase.status, progress: phase.progress, reason: phase.reason, name: phase.name ?? this.current?.name };
    this.onChange(this.current);
  }

  /** Asks again at once (after a Start or Stop from this page, or a terminal closing). */
  refresh() {
    this.wake?.abort();
  }

  async pause(ms) {
    this.wake = new AbortController();
    const both = AbortSignal.any([this.abort.signal, this.wake.signal]);
    try {
      await sleep(ms, both);
    } catch {
      // Woken early or disposed: the loop decides.
    }
  }

  dispose() {
    this.abort.abort();
  }
}
