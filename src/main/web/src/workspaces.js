import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import { humanError } from './human-errors.js';
import { readEvents } from './sse.js';
import { workspaceNameProblem } from './workspace-names.js';

/** Statuses after which the progress stream has nothing more to say (the server ends it after the first three). */
const SETTLED = new Set(['running', 'failed', 'deleting', 'stopped']);

/**
 * The signed-in user's workspaces: status with live progress (the events stream of every workspace
 * that is on its way somewhere), create, open, start, stop, delete.
 */
export class WorkspaceList {
  constructor(root, { api, onOpen }) {
    this.root = root;
    this.api = api;
    this.onOpen = onOpen;
    this.workspaces = new Map();
    this.following = new Map();
    this.disposed = false;
    this.message = h('p', { class: 'error', role: 'alert', id: 'workspaces-error' });
    this.table = h('tbody');
    this.name = h('input', {
      id: 'workspace-name', name: 'name', required: true, placeholder: 'my project', autocomplete: 'off',
      title: '1 to 64 letters (any language), digits, spaces, "-", "_" or "."',
      oninput: () => this.name.setCustomValidity(''),
    });
    replace(root, h('section', { class: 'panel workspace-list' },
      h('h1', {}, 'Workspaces'),
      h('form', { class: 'row create-workspace', onsubmit: (event) => this.create(event) },
        h('label', { for: 'workspace-name', class: 'visually-hidden' }, 'New workspace name'),
        this.name,
        h('button', { type: 'submit', class: 'primary' }, 'Create workspace')),
      this.message,
      h('table', { class: 'workspaces' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {}, 'Created'), h('th', {}, ''))),
        this.table)));
    this.refresh();
  }

  async refresh() {
    try {
      const list = await this.api.workspaces();
      if (this.disposed) {
        return;
      }
      this.workspaces = new Map(list.map((workspace) => [workspace.id, workspace]));
      this.render();
    } catch (error) {
      this.fail(error);
    }
  }

  async create(event) {
    event.preventDefault();
    const problem = workspaceNameProblem(this.name.value.trim());
    if (problem) {
      this.name.setCustomValidity(problem);
      this.name.reportValidity();
      return;
    }
    try {
      const workspace = await this.api.createWorkspace(this.name.value.trim());
      this.name.value = '';
      this.workspaces.set(workspace.id, workspace);
      this.clearMessage();
      this.render();
    } catch (error) {
      this.fail(error);
    }
  }

  async act(workspace, action) {
    try {
      if (action === 'delete') {
        if (!window.confirm(`Delete the workspace "${workspace.name}" and all its files?`)) {
          return;
        }
        await this.api.deleteWorkspace(workspace.id);
        this.workspaces.delete(workspace.id);
      } else {
        const changed = action === 'start'
          ? await this.api.startWorkspace(workspace.id)
          : await this.api.stopWorkspace(workspace.id);
        this.workspaces.set(changed.id, changed);
      }
      this.clearMessage();
      this.render();
    } catch (error) {
      this.fail(error);
      this.refresh();
    }
  }

  render() {
    const rows = [...this.workspaces.values()].map((workspace) => this.row(workspace));
    replace(this.table, rows.length > 0 ? rows
      : h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'No workspaces yet: create one above.')));
    for (const workspace of this.workspaces.values()) {
      if (!SETTLED.has(workspace.status) && !this.following.has(workspace.id)) {
        this.follow(workspace.id);
      }
    }
  }

  row(workspace) {
    const { status } = workspace;
    const button = (label, action, enabled) => h('button', {
      type: 'button', 'data-action': action, disabled: !enabled, onclick: () => this.act(workspace, action),
    }, label);
    return h('tr', { 'data-workspace-id': workspace.id, 'data-status': status },
      h('td', { class: 'name-cell' }, h('a', { href: `#/workspaces/${workspace.id}`, class: 'workspace-name' }, workspace.name)),
      h('td', { class: 'status-cell' },
        h('span', { class: `status status-${status}` }, status),
        workspace.progress && status !== 'running' ? h('span', { class: 'progress' }, ` ${workspace.progress.replace(/_/g, ' ')}`) : null,
        workspace.reason ? h('div', { class: 'muted small reason' }, workspace.reason) : null),
      h('td', { class: 'muted small created-cell' }, new Date(workspace.createdAt).toLocaleString()),
      h('td', { class: 'actions-cell' }, h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'primary', 'data-action': 'open', disabled: status !== 'running',
          onclick: () => this.onOpen(workspace.id),
        }, 'Open'),
        button('Start', 'start', status === 'stopped' || status === 'failed'),
        button('Stop', 'stop', status === 'running' || status === 'starting' || status === 'failed'),
        button('Delete', 'delete', true))));
  }

  /** Follows a workspace's progress stream until it settles, following again if the stream breaks off. */
  async follow(id) {
    const abort = new AbortController();
    this.following.set(id, abort);
    try {
      const response = await this.api.workspaceEvents(id, abort.signal);
      await readEvents(response, (event) => {
        if (event.type !== 'phase') {
          return;
        }
        const phase = JSON.parse(event.data);
        const workspace = this.workspaces.get(id);
        if (workspace) {
          this.workspaces.set(id, { ...workspace, status: phase.status, progress: phase.progress, reason: phase.reason });
          this.renderSoon();
        }
        if (SETTLED.has(phase.status)) {
          abort.abort();
        }
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.workspaces.delete(id);
        this.renderSoon();
      }
    } finally {
      this.following.delete(id);
    }
    const workspace = this.workspaces.get(id);
    if (!this.disposed && workspace && !SETTLED.has(workspace.status) && !abort.signal.aborted) {
      // The stream broke off before the workspace settled: catch up, then follow again.
      setTimeout(() => this.disposed || this.refresh(), 2000);
    }
  }

  renderSoon() {
    if (!this.renderQueued) {
      this.renderQueued = true;
      queueMicrotask(() => {
        this.renderQueued = false;
        if (!this.disposed) {
          this.render();
        }
      });
    }
  }

  fail(error) {
    this.message.textContent = humanError(error, Object.fromEntries([...this.workspaces.values()].map((w) => [w.id, w.name])));
  }

  clearMessage() {
    this.message.textContent = '';
  }

  dispose() {
    this.disposed = true;
    for (const abort of this.following.values()) {
      abort.abort();
    }
  }
}
