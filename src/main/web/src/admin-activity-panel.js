import { actionCodes, describeEvent, globalActivityPath } from './activity.js';
import { h, replace } from './dom.js';

/** A `datetime-local` field's value as a date in the page's time zone; null when empty. */
function dateOf(input) {
  return input.value ? new Date(input.value) : null;
}

/**
 * The admins' Activity view, below the workspace list: every workspace's audit events, newest
 * first, filtered by user, workspace, action and time (docs/protocol.md, "Audit trail",
 * `GET /api/v1/audit`), a page at a time. Offered only to a token with the admin group; the
 * server decides either way.
 */
export class AdminActivityPanel {
  constructor(root, { api }) {
    this.api = api;
    this.cursor = null;
    this.filters = {};
    const field = (label, input) => h('label', {}, `${label} `, input);
    this.user = h('input', { name: 'user', autocomplete: 'off' });
    this.workspace = h('input', { name: 'workspace', autocomplete: 'off', placeholder: 'ws-…' });
    this.action = h('select', { name: 'action' }, h('option', { value: '' }, 'any'),
      ...actionCodes().map((code) => h('option', { value: code }, code)));
    this.from = h('input', { name: 'from', type: 'datetime-local' });
    this.to = h('input', { name: 'to', type: 'datetime-local' });
    this.list = h('ol', { class: 'activity-list admin-activity-list' });
    this.status = h('p', { class: 'activity-status', role: 'status', 'aria-live': 'polite' });
    this.more = h('button', { type: 'button', hidden: true, onclick: () => this.load() }, 'Older');
    const form = h('form', { class: 'admin-activity-filters', onsubmit: (event) => { event.preventDefault(); this.search(); } },
      field('User', this.user), field('Workspace', this.workspace), field('Action', this.action),
      field('From', this.from), field('To', this.to), h('button', { type: 'submit' }, 'Show'));
    this.section = h('details', { class: 'activity-panel admin-activity', ontoggle: () => this.toggled() },
      h('summary', {}, 'Activity in all workspaces (admin)'), form, this.status, this.list, this.more);
    replace(root, this.section);
  }

  toggled() {
    if (this.section.open && this.list.childElementCount === 0) {
      this.search();
    }
  }

  search() {
    this.filters = {
      user: this.user.value, workspace: this.workspace.value, action: this.action.value,
      from: dateOf(this.from), to: dateOf(this.to),
    };
    this.cursor = null;
    replace(this.list);
    this.load();
  }

  async load() {
    this.more.hidden = true;
    try {
      const response = await this.api.request('GET', globalActivityPath(this.filters, { cursor: this.cursor }));
      const page = await response.json();
      this.list.append(...page.events.map((event) => this.item(event)));
      this.cursor = page.cursor;
      this.more.hidden = !page.cursor;
      this.status.textContent = this.list.childElementCount === 0 ? 'No events match.' : '';
      this.status.classList.remove('error');
    } catch (error) {
      this.status.textContent = error.message;
      this.status.classList.add('error');
    }
  }

  item(event) {
    const { when, who, what, note, refused } = describeEvent(event);
    return h('li', { class: refused ? 'activity-item refused' : 'activity-item' },
      h('time', { datetime: when.toISOString() }, when.toLocaleString()), ' ',
      h('strong', {}, who), ` ${what}`,
      event.workspace ? h('span', { class: 'activity-workspace' }, ` in ${event.workspace}`) : null,
      note ? h('span', { class: 'activity-note' }, ` (${note})`) : null);
  }
}
