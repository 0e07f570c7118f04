import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import { TerminalSession } from './terminal-session.js';
import { FilesPanel } from './files-panel.js';

const STATE_WORDS = {
  connecting: 'Connecting',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  exited: 'Exited',
  closed: 'Closed',
  failed: 'Not connected',
};

/** One workspace: a tab per terminal, each a live xterm.js session. */
export class WorkspaceView {
  constructor(root, { api, workspaceId, onBack }) {
    this.api = api;
    this.workspaceId = workspaceId;
    this.tabs = [];
    this.active = null;
    this.disposed = false;
    this.title = h('h1', {}, workspaceId);
    this.message = h('p', { class: 'error', role: 'alert', id: 'workspace-error' });
    this.tabBar = h('div', { class: 'tabs', role: 'tablist' });
    this.newButton = h('button', { type: 'button', class: 'new-terminal', onclick: () => this.newTerminal() }, '+ New terminal');
    this.stage = h('div', { class: 'terminal-stage' });
    this.filesPane = h('aside', { class: 'files-pane', hidden: true });
    const filesButton = h('button', { type: 'button', class: 'files-toggle', onclick: () => {
      this.filesPane.hidden = !this.filesPane.hidden;
      this.filesPanel ??= new FilesPanel(this.filesPane, { api, workspaceId });
    } }, 'Files');
    this.connection = h('div', { class: 'connection', 'data-state': 'none', role: 'status', 'aria-live': 'polite' });
    replace(root, h('section', { class: 'workspace' },
      h('div', { class: 'workspace-head' },
        h('a', { href: '#/', class: 'back', onclick: (event) => { event.preventDefault(); onBack(); } }, '← Workspaces'),
        this.title),
      this.message,
      h('div', { class: 'tab-row' }, this.tabBar, this.newButton, filesButton),
      this.filesPane,
      this.stage,
      this.connection));
    this.load();
  }

  async load() {
    try {
      const workspace = await this.api.workspace(this.workspaceId);
      this.title.textContent = workspace.name;
      if (workspace.status !== 'running') {
        this.newButton.disabled = true;
        this.message.textContent = `This workspace is ${workspace.status}: start it from the list to open terminals.`;
        return;
      }
      const terminals = await this.api.terminals(this.workspaceId);
      for (const terminal of terminals) {
        this.addTab(terminal.id);
      }
      if (this.tabs.length === 0) {
        this.stage.append(h('p', { class: 'muted empty' }, 'No terminal yet: open one with “+ New terminal”.'));
      }
    } catch (error) {
      this.fail(error);
    }
  }

  async newTerminal() {
    this.stage.querySelector('.empty')?.remove();
    const tab = this.addTab(null);
    try {
      const { cols, rows } = tab.session.size();
      const terminal = await this.api.createTerminal(this.workspaceId, cols, rows);
      tab.setId(terminal.id);
    } catch (error) {
      this.removeTab(tab);
      this.fail(error);
    }
  }

  /** A tab for a terminal; with id null, the tab is made first (to measure its size) and attached once created. */
  addTab(terminalId) {
    const element = h('div', { class: 'terminal-pane', hidden: true });
    const label = h('span', { class: 'tab-label' }, `Terminal ${this.tabs.length + 1}`);
    const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
    const button = h('button', { type: 'button', role: 'tab', class: 'tab', onclick: () => this.show(tab) }, dot, label);
    const close = h('button', {
      type: 'button', class: 'tab-close', title: 'End this terminal', 'aria-label': 'End this terminal',
      onclick: () => this.closeTab(tab),
    }, '×');
    const header = h('div', { class: 'tab-item' }, button, close);
    const tab = {
      element, header, dot,
      session: new TerminalSession({
        api: this.api,
        workspaceId: this.workspaceId,
        element,
        onState: (state) => this.stateChanged(tab, state),
      }),
      setId: (id) => {
        element.dataset.terminalId = id;
        header.dataset.terminalId = id;
        tab.session.attach(id);
      },
    };
    this.tabs.push(tab);
    this.tabBar.append(header);
    this.stage.append(element);
    tab.session.open();
    this.show(tab);
    if (terminalId) {
      tab.setId(terminalId);
    }
    return tab;
  }

  show(tab) {
    for (const other of this.tabs) {
      const selected = other === tab;
      other.element.hidden = !selected;
      other.header.classList.toggle('selected', selected);
      other.header.querySelector('[role="tab"]').setAttribute('aria-selected', String(selected));
    }
    this.active = tab;
    tab.session.fitToElement();
    tab.session.focus();
    this.showState(tab.session.state);
  }

  stateChanged(tab, state) {
    tab.dot.dataset.state = state.name;
    tab.header.dataset.state = state.name;
    if (tab === this.active) {
      this.showState(state);
    }
  }

  showState(state) {
    this.connection.dataset.state = state.name;
    replace(this.connection, h('span', { class: 'dot', 'data-state': state.name, 'aria-hidden': 'true' }),
      h('strong', {}, STATE_WORDS[state.name] ?? state.name), state.detail ? ` · ${state.detail}` : '');
  }

  async closeTab(tab) {
    const running = tab.session.state.name !== 'exited' && tab.session.state.name !== 'closed';
    if (running && !window.confirm('End this terminal? Its shell and everything running in it stop.')) {
      return;
    }
    const id = tab.session.terminalId;
    this.removeTab(tab);
    if (id) {
      try {
        await this.api.deleteTerminal(this.workspaceId, id);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) {
          this.fail(error);
        }
      }
    }
  }

  removeTab(tab) {
    tab.session.dispose();
    tab.header.remove();
    tab.element.remove();
    this.tabs = this.tabs.filter((other) => other !== tab);
    if (this.active === tab) {
      this.active = null;
      if (this.tabs.length > 0) {
        this.show(this.tabs[this.tabs.length - 1]);
      } else {
        this.connection.dataset.state = 'none';
        this.connection.replaceChildren();
      }
    }
  }

  fail(error) {
    this.message.textContent = error instanceof ApiError ? error.message : `The server cannot be reached: ${error.message}`;
  }

  /** Detaches every tab: the terminals keep running on the server, and come back when the workspace is opened again. */
  dispose() {
    this.disposed = true;
    for (const tab of this.tabs) {
      tab.session.dispose();
    }
  }
}
