import { ApiError } from './api.js';

/**
 * An error of an API call in words for the page: the server's message with internal ids replaced by
 * the names people know (names: { [id]: name }), specific words where the page can say what to do,
 * and never a browser's raw exception text ("Failed to fetch").
 */
export function humanError(error, names = {}) {
  if (!(error instanceof ApiError)) {
    return 'The server cannot be reached right now (it may be restarting): try again in a moment.';
  }
  switch (error.code) {
    case 'workspace_not_running':
      return `${nameIn(error.message, names) ?? 'The workspace'} is not running: start it first.`;
    case 'workspace_not_found':
      return `${nameIn(error.message, names) ?? 'This workspace'} no longer exists.`;
    case 'terminal_not_found':
      return 'This terminal no longer exists.';
    case 'rate_limited':
      return 'Too many requests in a short time: try again in a moment.';
    case 'invalid_sign_in_secret':
      return 'This server does not accept the sign-in link this browser used: open the link it printed on its '
        + 'console when it last started.';
    case 'server_draining':
      return 'Server restarting: try again in a moment.';
    default:
      return withNames(error.message, names);
  }
}

/** The name of the workspace the message is about (the one whose id it holds; the only one known). */
function nameIn(message, names) {
  const known = Object.entries(names).filter(([id, name]) => id && name);
  const named = known.find(([id]) => String(message ?? '').includes(id)) ?? (known.length === 1 ? known[0] : null);
  return named ? `“${named[1]}”` : null;
}

function withNames(message, names) {
  let text = String(message ?? '');
  for (const [id, name] of Object.entries(names)) {
    if (id && name) {
      text = text.split(id).join(`“${name}”`);
    }
  }
  return text;
}
