/** An error answer of the API: its status, its stable code and its message (docs/protocol.md, "Errors"). */
export class ApiError extends Error {
  constructor(status, code, message, retryAfterSeconds = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The REST API, called with the signed-in user's bearer token. A 401 means the token is no
 * longer good: where the sign-in can be renewed (renew, from the identity provider), the request
 * is sent once more with the renewed token; otherwise, or if that is refused too, onUnauthorized
 * signs the page out.
 */
export class Api {
  constructor({ token = null, onUnauthorized = () => {}, renew = null } = {}) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
    this.renew = renew;
  }

  /** The same API with another token, refusals not signing anyone out (to try a pasted token). */
  withToken(token) {
    return new Api({ token });
  }

  async request(method, path, body, options = {}) {
    const sent = this.token;
    let response = await this.send(sent, method, path, body, options);
    if (response.status === 401 && sent && this.renew) {
      const renewed = await this.renew().catch(() => null);
      if (renewed && renewed !== sent) {
        this.token = renewed;
        response = await this.send(renewed, method, path, body, options);
      }
    }
    if (response.ok) {
      return response;
    }
    const error = await errorOf(response);
    if (response.status === 401 && this.token) {
      this.onUnauthorized(error);
    }
    throw error;
  }

  send(token, method, path, body, { signal, accept = 'application/json', headers: extra = {} }) {
    const headers = { Accept: accept, ...extra };
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    return fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
      // Bearer tokens only: no cookie is kept or sent. A session cookie the server set for an API
      // call would ride along on the attach WebSocket, whose caller is the ticket's and not the
      // cookie's, and Liberty refuses a session presented by another caller.
      credentials: 'omit',
    });
  }

  async json(method, path, body) {
    const response = await this.request(method, path, body);
    return response.status === 204 ? null : response.json();
  }

  signInOptions() {
    return this.json('GET', '/sign-in');
  }

  devToken(user, secret) {
    return this.json('POST', '/dev/token', { user, groups: ['user'], secret });
  }

  workspaces() {
    return this.json('GET', '/workspaces');
  }

  workspace(id) {
    return this.json('GET', `/workspaces/${enc(id)}`);
  }

  createWorkspace(name) {
    return this.json('POST', '/workspaces', { name });
  }

  startWorkspace(id) {
    return this.json('POST', `/workspaces/${enc(id)}/start`);
  }

  stopWorkspace(id) {
    return this.json('POST', `/workspaces/${enc(id)}/stop`);
  }

  deleteWorkspace(id) {
    return this.json('DELETE', `/workspaces/${enc(id)}`);
  }

  /** The progress stream (server-sent events) of a workspace, as a fetch response. */
  workspaceEvents(id, signal) {
    return this.request('GET', `/workspaces/${enc(id)}/events`, undefined, { signal, accept: 'text/event-stream' });
  }

  terminals(workspaceId) {
    return this.json('GET', `/workspaces/${enc(workspaceId)}/terminals`);
  }

  createTerminal(workspaceId, cols, rows) {
    return this.json('POST', `/workspaces/${enc(workspaceId)}/terminals`, { cols, rows });
  }

  deleteTerminal(workspaceId, terminalId) {
    return this.json('DELETE', `/workspaces/${enc(workspaceId)}/terminals/${enc(terminalId)}`);
  }

  /** A single-use attach ticket: the WebSocket URL carries it instead of the bearer token. */
  ticket(workspaceId, terminalId) {
    return this.json('POST', `/workspaces/${enc(workspaceId)}/terminals/${enc(terminalId)}/tickets`);
  }
}

/** The attach WebSocket address of a terminal on this page's server. */
export function attachUrl(location, workspaceId, terminalId, params) {
  const url = new URL(`/api/v1/workspaces/${enc(workspaceId)}/terminals/${enc(terminalId)}/attach`, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  return url.href;
}

async function errorOf(response) {
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not the API's JSON (a proxy's error page, say): the status alone tells.
  }
  return new ApiError(response.status, body?.error ?? `http_${response.status}`,
    body?.message ?? `The server answered ${response.status}.`, Number.isNaN(retryAfter) ? null : retryAfter);
}

function enc(value) {
  return encodeURIComponent(value);
}
