import { ApiError } from './api.js';
import { filesPath } from './files-paths.js';

/** Bytes of a file the viewer reads at most (a Range request): a huge log is not loaded whole. */
export const VIEW_BYTES = 1024 * 1024;

/**
 * The file API of one workspace (docs/protocol.md, "Files") for the files panel, on top of the
 * page's Api (its token, its sign-out on 401). Uploads go through XMLHttpRequest, the one browser
 * API that reports upload progress.
 */
export class FilesClient {
  constructor(api, workspaceId) {
    this.api = api;
    this.workspaceId = workspaceId;
  }

  /** One page of a directory: { path, entries, next, total }. */
  list(path, cursor = null) {
    return this.api.json('GET', filesPath(this.workspaceId, path, { cursor }));
  }

  /** The first VIEW_BYTES of a file: { bytes, contentType, size, truncated }. */
  async head(path) {
    const response = await this.raw('GET', filesPath(this.workspaceId, path), { Range: `bytes=0-${VIEW_BYTES - 1}` });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const range = /\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '');
    const size = range ? Number(range[1]) : bytes.length;
    return { bytes, contentType: response.headers.get('Content-Type'), size, truncated: size > bytes.length };
  }

  /** A file's bytes, or a directory as a zip, with its name; onProgress(loaded, total) as it comes. */
  async download(path, onProgress = () => {}) {
    const response = await this.raw('GET', filesPath(this.workspaceId, path, { download: true }));
    const total = Number(response.headers.get('Content-Length') ?? 0);
    const reader = response.body.getReader();
    const chunks = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      chunks.push(value);
      loaded += value.length;
      onProgress(loaded, total);
    }
    return { blob: new Blob(chunks), disposition: response.headers.get('Content-Disposition') };
  }

  mkdir(path) {
    return this.api.json('POST', filesPath(this.workspaceId, path), { type: 'directory', parents: true });
  }

  move(from, to) {
    return this.api.json('POST', `/workspaces/${encodeURIComponent(this.workspaceId)}/file-moves`, { from, to });
  }

  remove(path, recursive) {
    return this.api.json('DELETE', filesPath(this.workspaceId, path, { recursive: recursive ? 'true' : null }));
  }

  /** Uploads files into a directory (multipart); onProgress(loaded, total) while the bytes go up. */
  upload(directory, files, onProgress = () => {}) {
    const form = new FormData();
    for (const file of files) {
      form.append('file', file, file.name);
    }
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', `/api/v1${filesPath(this.workspaceId, directory)}`);
      request.setRequestHeader('Accept', 'application/json');
      if (this.api.token) {
        request.setRequestHeader('Authorization', `Bearer ${this.api.token}`);
      }
      request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0);
      request.onerror = () => reject(new ApiError(0, 'network_error', 'The upload could not reach the server.'));
      request.onload = () => {
        let body = null;
        try {
          body = JSON.parse(request.responseText);
        } catch {
          // Not the API's JSON: the status alone tells.
        }
        if (request.status >= 200 && request.status < 300) {
          resolve(body);
          return;
        }
        const error = new ApiError(request.status, body?.error ?? `http_${request.status}`,
          body?.message ?? `The server answered ${request.status}.`);
        if (request.status === 401 && this.api.token) {
          this.api.onUnauthorized(error);
        }
        reject(error);
      };
      request.send(form);
    });
  }

  raw(method, path, headers = {}) {
    return this.api.request(method, path, undefined, { accept: '*/*', headers });
  }
}
