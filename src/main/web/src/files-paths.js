/**
 * The pure parts of the files panel: workspace paths, their API addresses, names a user types,
 * sizes and progress in words, which files the viewer shows. The server checks everything again
 * (docs/protocol.md, "Files"); these checks only spare a round trip.
 */

const MAX_NAME_BYTES = 255;

/** `a/b` + `c` = `a/b/c`; the root is ''. */
export function joinPath(directory, name) {
  return directory ? `${directory}/${name}` : name;
}

export function parentPath(path) {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseName(path) {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The API path of a workspace path, each segment percent-encoded, with query parameters. */
export function filesPath(workspaceId, path, params = {}) {
  const encoded = path.split('/').filter((segment) => segment !== '').map(encodeURIComponent).join('/');
  const query = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== false)
    .map(([name, value]) => (value === true ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`))
    .join('&');
  return `/workspaces/${encodeURIComponent(workspaceId)}/files${encoded ? `/${encoded}` : ''}${query ? `?${query}` : ''}`;
}

/** Why a name typed for a new folder or a rename cannot be used, or null when it can. */
export function nameProblem(name) {
  if (name === undefined || name === null || name.trim() === '') {
    return 'A name is needed.';
  }
  if (name.includes('/')) {
    return 'A name cannot contain “/”.';
  }
  if (name === '.' || name === '..') {
    return `“${name}” cannot be a name.`;
  }
  if (name.includes('\0')) {
    return 'A name cannot contain a NUL character.';
  }
  if (new TextEncoder().encode(name).length > MAX_NAME_BYTES) {
    return `A name may be at most ${MAX_NAME_BYTES} bytes long.`;
  }
  return null;
}

/** 1536 -> '1.5 KiB'. */
export function formatSize(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Progress of a transfer in words: '12.0 MiB of 100 MiB (12 %)', or without a total. */
export function progressText(loaded, total) {
  if (!total) {
    return formatSize(loaded);
  }
  const percent = Math.min(100, Math.floor((loaded / total) * 100));
  return `${formatSize(loaded)} of ${formatSize(total)} (${percent} %)`;
}

/** Directories first, then files, each by name as the server sorts (code units). */
export function sortEntries(entries) {
  return [...entries].sort((a, b) => {
    const aDir = a.type === 'directory' ? 0 : 1;
    const bDir = b.type === 'directory' ? 0 : 1;
    if (aDir !== bDir) {
      return aDir - bDir;
    }
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

const TEXT_TYPES = ['application/json', 'application/yaml', 'application/xml', 'image/svg+xml', 'text/javascript'];

/** Whether the viewer shows a file as text: a text type, or unknown bytes that decode as UTF-8 without NULs. */
export function isText(contentType, bytes) {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type.startsWith('text/') || TEXT_TYPES.includes(type)) {
    return true;
  }
  if (type !== '' && type !== 'application/octet-stream') {
    return false;
  }
  if (bytes.includes(0)) {
    return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The file name of a download from its Content-Disposition (RFC 6266 filename*, else filename), or the fallback. */
export function downloadName(contentDisposition, fallback) {
  const header = contentDisposition ?? '';
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // A malformed encoding: fall back to the plain name.
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header);
  return plain ? plain[1] : fallback;
}
