import { h } from './dom.js';
import { describeStatus, possibleActions } from './workspace-status.js';

/**
 * The head of a workspace's page: back to the list, the name, the status (live, with its progress
 * and reason) and the Start and Stop buttons, enabled only where they can work.
 * onAction('start' | 'stop').
 */
export class WorkspaceHead {
  constructor({ onBack, onAction }) {
    this.title = h('h1', {}, 'Workspace');
    this.badge = h('span', { class: 'status', id: 'workspace-status' });
    this.detail = h('span', { class: 'muted small status-detail' });
    this.start = h('button', { type: 'button', 'data-action': 'start', disabled: true, onclick: () => onAction('start') }, 'Start');
    this.stop = h('button', { type: 'button', 'data-action': 'stop', disabled: true, onclick: () => onAction('stop') }, 'Stop');
    this.element = h('div', { class: 'workspace-head' },
      h('a', { href: '#/', class: 'back', onclick: (event) => { event.preventDefault(); onBack(); } }, '← Workspaces'),
      this.title, this.badge, this.detail,
      h('div', { class: 'workspace-actions' }, this.start, this.stop));
  }

  show(workspace) {
    if (workspace.name) {
      this.title.textContent = workspace.name;
      document.title = `${workspace.name} · Coditect`;
    }
    const { words, detail, reason } = describeStatus(workspace);
    this.badge.textContent = words;
    this.badge.className = `status status-${workspace.status}`;
    this.badge.dataset.status = workspace.status;
    this.detail.textContent = [detail, reason].filter(Boolean).join(' · ');
    const can = possibleActions(workspace.status);
    this.start.disabled = !can.start;
    this.stop.disabled = !can.stop;
  }

  /** While a Start or Stop is on its way: no second click. */
  busy() {
    this.start.disabled = true;
    this.stop.disabled = true;
  }
}
