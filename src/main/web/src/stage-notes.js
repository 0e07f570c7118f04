import { h, replace } from './dom.js';
import { describeSession } from './session-messages.js';
import { describeStatus, possibleActions } from './workspace-status.js';

/**
 * The two notes around the terminals: the connection line under them (the active tab's state in
 * words, with its one action) and the empty state over the stage when no tab is open.
 * actions: { reconnect(), start(), signIn(), newTerminal() }.
 */
export function showConnection(element, state, workspace, actions) {
  if (!state) {
    element.dataset.state = 'none';
    element.replaceChildren();
    return;
  }
  const words = describeSession(state);
  const text = state.name === 'stopped' && workspace.status && !possibleActions(workspace.status).start
    ? `Workspace ${describeStatus(workspace).words.toLowerCase()}…` : words.text;
  element.dataset.state = state.name;
  replace(element,
    h('span', { class: 'dot', 'data-state': state.name, 'aria-hidden': 'true' }),
    h('strong', {}, words.title),
    text ? h('span', { class: 'connection-text' }, ` · ${text}`) : null,
    actionButton(words.action, workspace, actions));
}

function actionButton(action, workspace, actions) {
  if (action === 'reconnect') {
    return h('button', { type: 'button', class: 'link reconnect-now', onclick: actions.reconnect }, 'Reconnect now');
  }
  if (action === 'start' && possibleActions(workspace.status).start) {
    return h('button', { type: 'button', class: 'link start-workspace', onclick: actions.start }, 'Start');
  }
  if (action === 'sign-in') {
    return h('button', { type: 'button', class: 'link', onclick: actions.signIn }, 'Sign in');
  }
  return null;
}

/** With no tab open: what to do next, for the workspace's status. */
export function showEmpty(element, workspace, actions) {
  const { status } = workspace;
  const can = possibleActions(status);
  if (status === null) {
    replace(element, h('p', { class: 'muted' }, 'Loading…'));
  } else if (can.terminals) {
    replace(element, h('p', {}, 'No terminal open in this workspace.'),
      h('button', { type: 'button', class: 'primary empty-new-terminal', onclick: actions.newTerminal }, 'New terminal'));
  } else if (can.start) {
    replace(element, h('p', {}, status === 'failed' ? 'This workspace failed.' : 'This workspace is stopped.'),
      h('button', { type: 'button', class: 'primary empty-start', onclick: actions.start }, 'Start workspace'));
  } else {
    replace(element, h('p', { class: 'muted' }, `${describeStatus(workspace).words}…`));
  }
}
