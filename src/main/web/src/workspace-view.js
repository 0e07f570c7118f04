import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import { humanError } from './human-errors.js';
import { Panes } from './panes.js';
import { SearchBar } from './search-bar.js';
import { describeSession } from './session-messages.js';
import { showConnection, showEmpty } from './stage-notes.js';
import { TabBar } from './tab-bar.js';
import { TabNames } from './tab-names.js';
import { TerminalSession } from './terminal-session.js';
import { TerminalLook } from './terminal-look.js';
import { WorkspaceHead } from './workspace-head.js';
import { WorkspaceStatus, possibleActions } from './workspace-status.js';

/** Session states in which the terminal is gone for good (its tab only shows what it was). */
const ENDED = new Set(['exited', 'closed', 'stopped', 'signed-out', 'failed']);

/**
 * One workspace: its status live with Start and Stop, a tab per terminal (each a live xterm.js
 * session), one or two of them side by side, find, font size and the system's colours.
 *
 * The workspace's body has a side panel slot (this.sidePanel, an <aside> beside the terminals, below
 * them on a phone) for workspace tools such as a file browser: sidePanel(aside, { api, workspaceId })
 * fills it and answers the panel object, whose dispose(), if it has one, is called when the view goes. Without one the slot
 * stays hidden and the terminals take the width.
 */
export class WorkspaceView {
  constructor(root, { api, workspaceId, onBack, onSignOut, sidePanel = null }) {
    this.api = api;
    this.workspaceId = workspaceId;
    this.onSignOut = onSignOut;
    this.tabs = [];
    this.panes = new Panes();
    this.disposed = false;
    this.workspace = { status: null, name: null };
    this.names = new TabNames(window.localStorage, workspaceId);
    this.look = new TerminalLook({ storage: window.localStorage, onChange: (look) => this.lookChanged(look) });

    this.head = new WorkspaceHead({ onBack, onAction: (action) => this.act(action) });
    this.message = h('p', { class: 'error', role: 'alert', id: 'workspace-error' });
    this.tabBar = new TabBar({
      tabs: () => this.tabs,
      onSelect: (tab) => this.show(tab),
      onClose: (tab) => this.closeTab(tab),
      onRename: (tab, name) => this.rename(tab, name),
      onMove: (tab, before) => this.move(tab, before),
    });
    this.newButton = h('button', {
      type: 'button', class: 'new-terminal', disabled: true, title: 'Open a new terminal', onclick: () => this.newTerminal(),
    }, '+ New terminal');
    this.splitButton = h('button', {
      type: 'button', class: 'split-toggle', 'aria-pressed': 'false', disabled: true,
      title: 'Show two terminals side by side', onclick: () => this.toggleSplit(),
    }, 'Split');
    this.search = new SearchBar({ target: () => this.active?.session ?? null, onClose: () => this.active?.session.focus() });
    this.empty = h('div', { class: 'empty-state', hidden: true });
    this.stage = h('div', { class: 'terminal-stage', 'data-theme': this.look.scheme, 'data-font-size': this.look.fontSize }, this.empty);
    this.connection = h('div', { class: 'connection', 'data-state': 'none', role: 'status', 'aria-live': 'polite' });
    this.noteActions = {
      reconnect: () => this.reconnectNow(),
      start: () => this.act('start'),
      signIn: () => this.onSignOut(),
      newTerminal: () => this.newTerminal(),
    };
    this.sidePanel = h('aside', { class: 'side-panel', hidden: true, 'aria-label': 'Side panel' });

    replace(root, h('section', { class: 'workspace' },
      this.head.element,
      this.message,
      h('div', { class: 'workspace-body' },
        h('div', { class: 'terminals' },
          h('div', { class: 'tab-row' }, this.tabBar.element, this.newButton,
            h('div', { class: 'view-tools' }, this.splitButton, this.look.smaller, this.look.larger)),
          this.search.element,
          this.stage,
          this.connection),
        this.sidePanel)));
    this.panel = sidePanel?.(this.sidePanel, { api, workspaceId }) ?? null;
    this.sidePanel.hidden = this.panel === null;

    this.status = new WorkspaceStatus({
      api, workspaceId,
      onChange: (workspace) => this.statusChanged(workspace),
      onGone: () => this.gone(),
    });
    this.status.run();
  }

  /** The workspace's status changed (first read, progress stream, or a check). */
  statusChanged(workspace) {
    const wasRunning = this.workspace.status === 'running';
    const first = this.workspace.status === null;
    this.workspace = { ...this.workspace, ...workspace };
    this.head.show(this.workspace);
    const can = possibleActions(workspace.status);
    this.newButton.disabled = !can.terminals;
    this.splitButton.disabled = !can.terminals;
    if (can.terminals && (first || !wasRunning)) {
      this.loadTerminals();
    }
    this.refreshStates();
  }

  /** Shows the server's terminals: known tabs keep their place, closed ones go, new ones come. */
  async loadTerminals() {
    try {
      const terminals = await this.api.terminals(this.workspaceId);
      if (this.disposed) {
        return;
      }
      for (const tab of [...this.tabs]) {
        if (ENDED.has(tab.session.state.name) && tab.session.state.name !== 'exited') {
          this.removeTab(tab);
        }
      }
      const order = this.names.arrange(terminals.map((terminal) => terminal.id));
      for (const id of order) {
        if (!this.tabs.some((tab) => tab.id === id)) {
          this.addTab(id);
        }
      }
      this.applyOrder();
      if (!this.active && this.tabs.length > 0) {
        this.show(this.tabs[0]);
      }
      this.clearMessage();
    } catch (error) {
      this.fail(error);
    }
    this.showEmpty();
  }

  async act(action) {
    this.head.busy();
    try {
      const changed = action === 'start'
        ? await this.api.startWorkspace(this.workspaceId)
        : await this.api.stopWorkspace(this.workspaceId);
      this.statusChanged(changed);
      this.clearMessage();
    } catch (error) {
      this.fail(error);
    }
    this.status.refresh();
  }

  async newTerminal() {
    const tab = this.addTab(null);
    this.showEmpty();
    try {
      const { cols, rows } = tab.session.size();
      const terminal = await this.api.createTerminal(this.workspaceId, cols, rows);
      this.names.add(terminal.id);
      tab.setId(terminal.id);
      this.clearMessage();
      return tab;
    } catch (error) {
      this.removeTab(tab);
      this.fail(error);
      this.status.refresh();
      return null;
    }
  }

  /** A tab for a terminal; with id null, the tab is made first (to measure its size) and attached once created. */
  addTab(terminalId) {
    const element = h('div', { class: 'terminal-pane', hidden: true, onmousedown: () => this.focusPane(tab) });
    const tab = {
      id: terminalId,
      element,
      number: terminalId ? this.names.number(terminalId) : this.names.nextNumber(),
      setId: (id) => {
        tab.id = id;
        element.dataset.terminalId = id;
        tab.header.dataset.terminalId = id;
        this.updateLabel(tab);
        tab.session.attach(id);
      },
    };
    tab.session = new TerminalSession({
      api: this.api,
      workspaceId: this.workspaceId,
      element,
      fontSize: this.look.fontSize,
      theme: this.look.current().theme,
      handlers: {
        onState: () => this.stateChanged(tab),
        onTitle: (title) => {
          if (tab.id) {
            this.names.setTitle(tab.id, title);
            this.updateLabel(tab);
          }
        },
        onCommand: (command, value) => this.command(command, value),
        onSearchResults: (results) => tab === this.active && this.search.results(results),
      },
    });
    this.tabs.push(tab);
    this.tabBar.add(tab);
    this.updateLabel(tab);
    this.stage.append(element);
    tab.session.open();
    this.show(tab);
    if (terminalId) {
      tab.setId(terminalId);
    }
    return tab;
  }

  updateLabel(tab) {
    const label = tab.id ? this.names.label(tab.id) : `Terminal ${tab.number}`;
    tab.label.textContent = label;
    const words = describeSession(this.displayState(tab));
    tab.header.title = `${label}: ${words.title}${words.text ? `. ${words.text}` : ''}`;
  }

  rename(tab, name) {
    if (tab.id) {
      this.names.rename(tab.id, name);
      this.updateLabel(tab);
    }
  }

  move(tab, before) {
    if (tab.id) {
      this.names.move(tab.id, before?.id ?? null);
    }
    this.tabs = this.tabs.filter((other) => other !== tab);
    const at = before ? this.tabs.indexOf(before) : -1;
    this.tabs.splice(at < 0 ? this.tabs.length : at, 0, tab);
    this.tabBar.order(this.tabs);
    this.layout();
  }

  applyOrder() {
    const order = this.names.order();
    const rank = (tab) => (tab.id && order.includes(tab.id) ? order.indexOf(tab.id) : order.length);
    this.tabs.sort((a, b) => rank(a) - rank(b));
    this.tabBar.order(this.tabs);
    this.layout();
  }

  /** The tab the connection line, find and the keyboard are about. */
  get active() {
    return this.panes.active;
  }

  show(tab) {
    this.panes.show(tab);
    this.layout();
    tab.session.focus();
    this.showState();
  }

  /** A click into a visible pane makes its tab the active one. */
  focusPane(tab) {
    if (tab !== this.active) {
      this.show(tab);
    }
  }

  /** Shows the panes Panes chose: one, or two side by side. */
  layout() {
    const visible = this.panes.visible(this.tabs);
    const split = visible.length === 2;
    this.stage.classList.toggle('split', split);
    this.splitButton.setAttribute('aria-pressed', String(this.panes.split));
    for (const tab of this.tabs) {
      const at = visible.indexOf(tab);
      tab.element.hidden = at < 0;
      tab.element.classList.toggle('pane-first', split && at === 0);
      tab.element.classList.toggle('pane-second', split && at === 1);
      tab.element.classList.toggle('active-pane', split && tab === this.active);
      tab.header.classList.toggle('selected', tab === this.active);
      tab.header.classList.toggle('partner', split && tab === this.panes.partner);
      tab.button.setAttribute('aria-selected', String(tab === this.active));
    }
    for (const tab of visible) {
      tab.session.fitToElement();
    }
  }

  /** Split view on or off; with a single tab, splitting opens a second terminal beside it. */
  async toggleSplit() {
    if (this.panes.split) {
      this.panes.endSplit();
    } else if (!this.panes.startSplit(this.tabs)) {
      const current = this.active;
      const created = await this.newTerminal();
      if (created && current) {
        this.show(current);
      } else {
        this.panes.endSplit();
      }
    }
    this.layout();
    this.active?.session.focus();
  }

  command(command, value) {
    if (command === 'search') {
      this.search.open();
    } else if (command === 'font') {
      this.look.step(value);
    }
  }

  lookChanged({ fontSize, theme, scheme }) {
    this.stage.dataset.fontSize = fontSize;
    this.stage.dataset.theme = scheme;
    for (const tab of this.tabs) {
      tab.session.setLook(fontSize, theme);
    }
  }

  stateChanged(tab) {
    if (this.disposed) {
      return;
    }
    const { name } = tab.session.state;
    if (name === 'closed' || name === 'stopped') {
      // Deleted, or its workspace stopped: the workspace's status tells which.
      this.status.refresh();
    }
    if (name === 'signed-out') {
      this.onSignOut();
      return;
    }
    this.updateTab(tab);
    if (tab === this.active) {
      this.showState();
    }
  }

  refreshStates() {
    for (const tab of this.tabs) {
      this.updateTab(tab);
    }
    this.showState();
    this.showEmpty();
  }

  /** What a tab shows: a terminal cut off by its workspace stopping says so, not just "closed". */
  displayState(tab) {
    const state = tab.session.state;
    const running = this.workspace.status === 'running' || this.workspace.status === null;
    if (!running && (state.name === 'closed' || state.name === 'stopped' || state.name === 'reconnecting')) {
      return { name: 'stopped' };
    }
    return state;
  }

  updateTab(tab) {
    const state = this.displayState(tab);
    tab.dot.dataset.state = state.name;
    tab.header.dataset.state = state.name;
    this.updateLabel(tab);
  }

  showState() {
    showConnection(this.connection, this.active ? this.displayState(this.active) : null, this.workspace, this.noteActions);
  }

  reconnectNow() {
    for (const tab of this.tabs) {
      tab.session.reconnectNow();
    }
  }

  showEmpty() {
    this.empty.hidden = this.tabs.length > 0;
    if (this.tabs.length === 0) {
      showEmpty(this.empty, this.workspace, this.noteActions);
    }
  }

  async closeTab(tab) {
    const running = !ENDED.has(tab.session.state.name);
    if (running && !window.confirm('End this terminal? Its shell and everything running in it stop.')) {
      return;
    }
    const id = tab.id;
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
    this.tabBar.remove(tab);
    tab.element.remove();
    if (tab.id) {
      this.names.remove(tab.id);
    }
    const at = this.tabs.indexOf(tab);
    this.tabs = this.tabs.filter((other) => other !== tab);
    const next = this.panes.removed(tab, this.tabs, at);
    if (next) {
      this.show(next);
    }
    this.layout();
    this.showState();
    this.showEmpty();
  }

  gone() {
    this.message.textContent = 'This workspace no longer exists.';
    this.head.busy();
    this.newButton.disabled = true;
  }

  fail(error) {
    this.message.textContent = humanError(error, this.workspace.name ? { [this.workspaceId]: this.workspace.name } : {});
  }

  clearMessage() {
    this.message.textContent = '';
  }

  /** Detaches every tab: the terminals keep running on the server, and come back when the workspace is opened again. */
  dispose() {
    this.disposed = true;
    this.status.dispose();
    this.look.dispose();
    this.panel?.dispose?.();
    for (const tab of this.tabs) {
      tab.session.dispose();
    }
  }
}
