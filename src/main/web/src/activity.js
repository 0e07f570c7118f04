/** The Activity view's pure parts: which page to ask for, and an audit event in words (docs/protocol.md, "Audit trail"). */

/** The path of one page of a workspace's events (after `cursor`, if any), for Api.request. */
export function activityPath(workspaceId, { cursor = null, limit = 50 } = {}) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) {
    query.set('cursor', cursor);
  }
  return `/workspaces/${encodeURIComponent(workspaceId)}/audit?${query}`;
}

/**
 * The path of one page of every workspace's events (admins), with the filters that are set:
 * `user`, `workspace`, `action`, and `from`/`to` as dates (sent as ISO-8601 instants).
 */
export function globalActivityPath({ user = '', workspace = '', action = '', from = null, to = null } = {},
  { cursor = null, limit = 50 } = {}) {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const [name, value] of [['user', user], ['workspace', workspace], ['action', action]]) {
    if (value.trim()) {
      query.set(name, value.trim());
    }
  }
  for (const [name, value] of [['from', from], ['to', to]]) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) {
      query.set(name, value.toISOString());
    }
  }
  if (cursor) {
    query.set('cursor', cursor);
  }
  return `/audit?${query}`;
}

/** The action codes a filter may name (protocol.md, "Audit trail"). */
export function actionCodes() {
  return Object.keys(ACTIONS);
}

const ACTIONS = {
  'user.sign_in': 'signed in',
  'workspace.create': 'created the workspace',
  'workspace.start': 'started the workspace',
  'workspace.stop': 'stopped the workspace',
  'workspace.delete': 'deleted the workspace',
  'terminal.create': 'opened a terminal',
  'terminal.delete': 'closed a terminal',
  'terminal.restore': 'restored a terminal after a restart',
  'terminal.attach': 'attached to a terminal',
  'terminal.detach': 'left a terminal',
  'file.write': 'wrote',
  'file.move': 'moved',
  'file.delete': 'deleted',
  'request.refused': 'was refused',
  'recording.start': 'started recording a terminal',
  'recording.policy': 'changed whether terminals are recorded',
  'recording.download': 'downloaded a recording',
};

function bytes(text) {
  const count = Number(text);
  if (!Number.isFinite(count)) {
    return '?';
  }
  return count < 1024 ? `${count} B` : count < 1048576 ? `${(count / 1024).toFixed(1)} KiB` : `${(count / 1048576).toFixed(1)} MiB`;
}

function seconds(millis) {
  const total = Math.round(Number(millis) / 1000);
  return total < 60 ? `${total} s` : `${Math.floor(total / 60)} min ${total % 60} s`;
}

/** What one event says, for a line of the list: when, who, what, and the details worth a glance. */
export function describeEvent(event) {
  const details = event.details ?? {};
  const actor = event.actor === 'system' ? 'The server' : event.actor;
  let what = ACTIONS[event.action] ?? event.action;
  const place = (path) => (path ? path : 'the workspace');
  if (details.type === 'upload') {
    what = `uploaded ${details.files} ${details.files === '1' ? 'file' : 'files'} to ${place(details.path)}`;
  } else if (event.action.startsWith('file.') && details.path !== undefined) {
    what = details.from !== undefined ? `${what} ${details.from} to ${details.path}` : `${what} ${place(details.path)}`;
  }
  const notes = [];
  if (event.action === 'terminal.detach') {
    notes.push(`${bytes(details.bytes_in)} in, ${bytes(details.bytes_out)} out, ${seconds(details.duration_ms)}`);
  }
  if (event.action === 'request.refused') {
    notes.push(`status ${details.status}`);
  }
  if (details.reason === 'idle') {
    notes.push('idle');
  }
  if (details.owner !== undefined && event.action !== 'request.refused') {
    notes.push(`as admin, owner ${details.owner}`);
  }
  if (event.clientAddress) {
    notes.push(`from ${event.clientAddress}`);
  }
  return {
    when: new Date(event.time),
    who: actor,
    what,
    note: notes.join(' · '),
    refused: event.outcome === 'refused',
  };
}
