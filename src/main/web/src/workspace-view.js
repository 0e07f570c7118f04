import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import { humanError } from './human-errors.js';
import { SearchBar } from './search-bar.js';
import { describeSession } from './session-messages.js';
import { TabBar } from './tab-bar.js';
import { TabNames } from './tab-names.js';
import { TerminalSession } from './terminal-session.js';
import { THEMES, clampFontSize, readFontSize, saveFontSize, schemeOf, FONT_SIZES } from './terminal-settings.js';
import { WorkspaceStatus, describeStatus, possibleActions } from './workspace-status.js';

/** Session states in which the terminal is gone for good (its tab only shows what it was). */
const ENDED = new Set(['exited', 'closed', 'stopped', 'signed-out', 'failed']);

/**
 * One workspace: its status live with Start and Stop, a tab per terminal (each a live xterm.js
 * session), one or two of them side by side, find, font size and the system's colours.
 *
 * The workspace's body has a side panel slot (this.sidePanel, an <aside>, hidden while empty) for
 * panels that live beside the terminals; sidePanel(aside, { api, workspaceId }) fills it and may
 * answer an object with dispose().
 */
export class WorkspaceView {
  constructor(root, { api, workspaceId, onBack, onSignOut, sidePanel = null }) {
    this.api = api;
    this.workspaceId = workspaceId;
    this.onSignOut = onSignOut;
    this.tabs = [];
    this.active = null;
    this.partner = null;
    this.split = false;
    this.disposed = false;
    this.workspace = { status: null, name: null };
    this.names = new TabNames(window.localStorage, workspaceId);
    this.fontSize = readFontSize(window.localStorage);
    this.darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
    this.scheme = schemeOf(this.darkQuery);
    this.onScheme = () => this.setScheme(schemeOf(this.darkQuery));
    this.darkQuery.addEventListener('change', this.onScheme);

    this.title = h('h1', {}, 'Workspace');
    this.statusBadge = h('span', { class: 'status', id: 'workspace-status' });
    this.statusDetail = h('span', { class: 'muted small status-detail' });
    this.startButton = h('button', { type: 'button', 'data-action': 'start', disabled: true, onclick: () => this.act('start') }, 'Start');
    this.stopButton = h('button', { type: 'button', 'data-action': 'stop', disabled: true, onclick: () => this.act('stop') }, 'Stop');
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
    this.fontDown = h('button', { type: 'button', class: 'font-smaller', title: 'Smaller text (Ctrl+-)', 'aria-label': 'Smaller text', onclick: () => this.changeFont(-1) }, 'A−');
    this.fontUp = h('button', { type: 'button', class: 'font-larger', title: 'Larger text (Ctrl+=)', 'aria-label': 'Larger text', onclick: () => this.changeFont(1) }, 'A+');
    this.search = new SearchBar({ target: () => this.active?.session ?? null, onClose: () => this.active?.session.focus() });
    this.empty = h('div', { class: 'empty-state', hidden: true });
    this.stage = h('div', { class: 'terminal-stage', 'data-theme': this.scheme, 'data-font-size': this.fontSize }, this.empty);
    this.connection = h('div', { class: 'connection', 'data-state': 'none', role: 'status', 'aria-live': 'polite' });
    this.sidePanel = h('aside', { class: 'side-panel', hidden: true, 'aria-label': 'Side panel' });

    replace(root, h('section', { class: 'workspace' },
      h('div', { class: 'workspace-head' },
        h('a', { href: '#/', class: 'back', onclick: (event) => { event.preventDefault(); onBack(); } }, '← Workspaces'),
        this.title, this.statusBadge, this.statusDetail,
        h('div', { class: 'workspace-actions' }, this.startButton, this.stopButton)),
      this.message,
      h('div', { class: 'workspace-body' },
        h('div', { class: 'terminals' },
          h('div', { class: 'tab-row' }, this.tabBar.element, this.newButton,
            h('div', { class: 'view-tools' }, this.splitButton, this.fontDown, this.fontUp)),
          this.search.element,
          this.stage,
          this.connection),
        this.sidePanel)));
    this.panel = sidePanel?.(this.sidePanel, { api, workspaceId }) ?? null;

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
    if (workspace.name) {
      this.title.textContent = workspace.name;
      document.title = `${workspace.name} · Coditect`;
    }
    const { words, detail, reason } = describeStatus(workspace);
    this.statusBadge.textContent = words;
    this.statusBadge.className = `status status-${workspace.status}`;
    this.statusBadge.dataset.status = workspace.status;
    this.statusDetail.textContent = [detail, reason].filter(Boolean).join(' · ');
    const can = possibleActions(workspace.status);
    this.startButton.disabled = !can.start;
    this.stopButton.disabled = !can.stop;
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
    this.startButton.disabled = true;
    this.stopButton.disabled = true;
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
      fontSize: this.fontSize,
      theme: THEMES[this.scheme],
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

  /** Makes a tab the active one (the connection line, find and the keyboard are its). */
  show(tab) {
    if (this.split && tab !== this.active) {
      if (tab === this.partner || !this.partner) {
        this.partner = this.active;
      }
    }
    this.active = tab;
    if (this.partner === tab) {
      this.partner = null;
    }
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

  /** Which panes are visible, and where: one, or two side by side in the tabs' order. */
  layout() {
    const visible = [this.active, this.split ? this.partner : null].filter(Boolean)
      .sort((a, b) => this.tabs.indexOf(a) - this.tabs.indexOf(b));
    this.stage.classList.toggle('split', visible.length === 2);
    for (const tab of this.tabs) {
      const at = visible.indexOf(tab);
      tab.element.hidden = at < 0;
      tab.element.classList.toggle('pane-first', visible.length === 2 && at === 0);
      tab.element.classList.toggle('pane-second', visible.length === 2 && at === 1);
      tab.element.classList.toggle('active-pane', tab === this.active && visible.length === 2);
      tab.header.classList.toggle('selected', tab === this.active);
      tab.header.classList.toggle('partner', tab === this.partner && this.split);
      tab.button.setAttribute('aria-selected', String(tab === this.active));
    }
    for (const tab of visible) {
      tab.session.fitToElement();
    }
  }

  async toggleSplit() {
    this.split = !this.split;
    this.splitButton.setAttribute('aria-pressed', String(this.split));
    if (this.split) {
      this.partner = this.tabs.find((tab) => tab !== this.active) ?? null;
      if (!this.partner) {
        const current = this.active;
        const created = await this.newTerminal();
        if (created && current) {
          this.partner = created;
          this.show(current);
          return;
        }
      }
    } else {
      this.partner = null;
    }
    this.layout();
    this.active?.session.focus();
  }

  command(command, value) {
    if (command === 'search') {
      this.search.open();
    } else if (command === 'font') {
      this.changeFont(value);
    }
  }

  changeFont(step) {
    this.fontSize = step === 'reset' ? FONT_SIZES.standard : clampFontSize(this.fontSize + step);
    saveFontSize(window.localStorage, this.fontSize);
    this.stage.dataset.fontSize = this.fontSize;
    this.fontDown.disabled = this.fontSize <= FONT_SIZES.min;
    this.fontUp.disabled = this.fontSize >= FONT_SIZES.max;
    for (const tab of this.tabs) {
      tab.session.setFontSize(this.fontSize);
    }
  }

  setScheme(scheme) {
    this.scheme = scheme;
    this.stage.dataset.theme = scheme;
    for (const tab of this.tabs) {
      tab.session.setTheme(THEMES[scheme]);
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
    const tab = this.active;
    if (!tab) {
      this.connection.dataset.state = 'none';
      this.connection.replaceChildren();
      return;
    }
    const state = this.displayState(tab);
    const words = describeSession(state);
    const text = state.name === 'stopped' && this.workspace.status && !possibleActions(this.workspace.status).start
      ? `Workspace ${describeStatus(this.workspace).words.toLowerCase()}…` : words.text;
    this.connection.dataset.state = state.name;
    replace(this.connection,
      h('span', { class: 'dot', 'data-state': state.name, 'aria-hidden': 'true' }),
      h('strong', {}, words.title),
      text ? h('span', { class: 'connection-text' }, ` · ${text}`) : null,
      this.actionButton(words.action));
  }

  actionButton(action) {
    if (action === 'reconnect') {
      return h('button', { type: 'button', class: 'link reconnect-now', onclick: () => this.reconnectNow() }, 'Reconnect now');
    }
    if (action === 'start' && possibleActions(this.workspace.status).start) {
      return h('button', { type: 'button', class: 'link start-workspace', onclick: () => this.act('start') }, 'Start');
    }
    if (action === 'sign-in') {
      return h('button', { type: 'button', class: 'link', onclick: () => this.onSignOut() }, 'Sign in');
    }
    return null;
  }

  reconnectNow() {
    for (const tab of this.tabs) {
      tab.session.reconnectNow();
    }
  }

  /** With no tab open: what to do next, for the workspace's status. */
  showEmpty() {
    const none = this.tabs.length === 0;
    this.empty.hidden = !none;
    if (!none) {
      return;
    }
    const status = this.workspace.status;
    const can = possibleActions(status);
    if (status === null) {
      replace(this.empty, h('p', { class: 'muted' }, 'Loading…'));
    } else if (can.terminals) {
      replace(this.empty, h('p', {}, 'No terminal open in this workspace.'),
        h('button', { type: 'button', class: 'primary empty-new-terminal', onclick: () => this.newTerminal() }, 'New terminal'));
    } else if (can.start) {
      replace(this.empty, h('p', {}, status === 'failed' ? 'This workspace failed.' : 'This workspace is stopped.'),
        h('button', { type: 'button', class: 'primary empty-start', onclick: () => this.act('start') }, 'Start workspace'));
    } else {
      replace(this.empty, h('p', { class: 'muted' }, `${describeStatus(this.workspace).words}…`));
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
    if (this.partner === tab) {
      this.partner = this.tabs.find((other) => other !== this.active) ?? null;
    }
    if (this.active === tab) {
      this.active = null;
      const next = this.partner ?? this.tabs[Math.min(at, this.tabs.length - 1)];
      if (next) {
        this.show(next);
      }
    }
    if (this.tabs.length < 2 && this.split) {
      this.split = false;
      this.splitButton.setAttribute('aria-pressed', 'false');
    }
    this.layout();
    this.showState();
    this.showEmpty();
  }

  gone() {
    this.message.textContent = 'This workspace no longer exists.';
    this.startButton.disabled = true;
    this.stopButton.disabled = true;
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
    this.darkQuery.removeEventListener('change', this.onScheme);
    this.panel?.dispose?.();
    for (const tab of this.tabs) {
      tab.session.dispose();
    }
  }
}
