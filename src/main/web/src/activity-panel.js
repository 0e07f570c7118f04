import { activityPath, describeEvent } from './activity.js';
import { h, replace } from './dom.js';

/**
 * The Activity view of a workspace, in its side panel below the files: the owner's audit events,
 * newest first (docs/protocol.md, "Audit trail"), loaded when opened, a page at a time.
 */
export class ActivityPanel {
  constructor(root, { api, workspaceId }) {
    this.api = api;
    this.workspaceId = workspaceId;
    this.cursor = null;
    this.list = h('ol', { class: 'activity-list' });
    this.status = h('p', { class: 'activity-status', role: 'status', 'aria-live': 'polite' });
    this.more = h('button', { type: 'button', hidden: true, onclick: () => this.load() }, 'Older');
    this.section = h('details', { class: 'activity-panel', ontoggle: () => this.toggled() },
      h('summary', {}, 'Activity'),
      h('button', { type: 'button', onclick: () => this.reload() }, 'Refresh'),
      this.status, this.list, this.more);
    replace(root, this.section);
  }

  toggled() {
    if (this.section.open && this.list.childElementCount === 0) {
      this.reload();
    }
  }

  reload() {
    this.cursor = null;
    replace(this.list);
    this.load();
  }

  async load() {
    this.more.hidden = true;
    try {
      const response = await this.api.request('GET', activityPath(this.workspaceId, { cursor: this.cursor }));
      const page = await response.json();
      this.list.append(...page.events.map((event) => this.item(describeEvent(event))));
      this.cursor = page.cursor;
      this.more.hidden = !page.cursor;
      this.status.textContent = this.list.childElementCount === 0 ? 'No activity in this workspace yet.' : '';
      this.status.classList.remove('error');
    } catch (error) {
      this.status.textContent = error.message;
      this.status.classList.add('error');
    }
  }

  item({ when, who, what, note, refused }) {
    return h('li', { class: refused ? 'activity-item refused' : 'activity-item' },
      h('time', { datetime: when.toISOString() }, when.toLocaleString()), ' ',
      h('strong', {}, who), ` ${what}`,
      note ? h('span', { class: 'activity-note' }, ` (${note})`) : null);
  }
}
