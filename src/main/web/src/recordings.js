/** The Recordings list's pure parts: the API paths, and a recording in words (docs/protocol.md, "Session recording"). */

export function recordingsPath(workspaceId) {
  return `/workspaces/${encodeURIComponent(workspaceId)}/recordings`;
}

export function recordingPath(workspaceId, recordingId) {
  return `${recordingsPath(workspaceId)}/${encodeURIComponent(recordingId)}`;
}

/** The asciicast media type the download answers with; asked for in Accept. */
export const ASCIICAST = 'application/x-asciicast';

function duration(millis) {
  const total = Math.max(0, Math.round(millis / 1000));
  if (total < 60) {
    return `${total} s`;
  }
  const minutes = Math.floor(total / 60);
  return minutes < 60 ? `${minutes} min ${total % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function size(bytes) {
  return bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** One line of the list: when it started, which terminal, how long (or that it still runs), what is in it, and a copy to doubt. */
export function describeRecording(info) {
  const started = new Date(info.startedAt);
  const live = info.endedAt === null || info.endedAt === undefined;
  const notes = [live ? 'still recording' : duration(new Date(info.endedAt) - started), size(info.bytes)];
  if (info.input) {
    notes.push('with input');
  }
  if (info.unrecordedBytes > 0) {
    notes.push(`${size(info.unrecordedBytes)} not recorded`);
  }
  // The gateway's copy of the agent's recording (protocol.md, "Session recording"): only these two need words.
  if (info.copy === 'stopped') {
    notes.push('copy stopped: the workspace changed it');
  } else if (info.copy === 'agent') {
    notes.push('not copied: the workspace can change it');
  }
  return { when: started, terminal: info.terminal, live, note: notes.join(' · ') };
}
