/**
 * What the line under a terminal says for each state of its session, in words for people (never a
 * raw error text or an internal id), and which one action it offers:
 * 'reconnect' (Reconnect now), 'start' (Start the workspace), 'sign-in', or null.
 *
 * state: { name, cause?, code?, lostBytes? } as TerminalSession reports it.
 */
const WAITING = {
  server: 'Server restarting, your terminal will come back',
  network: 'Connection lost, your terminal will come back',
  agent: 'The workspace is not reachable right now, your terminal will come back',
  behind: 'Catching up with the terminal\'s output',
  busy: 'The server is busy, trying again shortly',
};

export function describeSession(state) {
  switch (state.name) {
    case 'connecting':
      return { title: 'Connecting', text: 'Connecting to the terminal…', action: null };
    case 'connected':
      return {
        title: 'Connected',
        text: state.lostBytes > 0 ? `${formatBytes(state.lostBytes)} of output was too old to replay.` : '',
        action: null,
      };
    case 'reconnecting':
      return { title: 'Reconnecting', text: WAITING[state.cause] ?? WAITING.network, action: 'reconnect' };
    case 'exited':
      return { title: 'Exited', text: `The shell exited with code ${state.code}.`, action: null };
    case 'closed':
      return { title: 'Closed', text: 'This terminal was ended: open a new one.', action: null };
    case 'stopped':
      return { title: 'Workspace stopped', text: 'Start it to open terminals again.', action: 'start' };
    case 'signed-out':
      return { title: 'Signed out', text: 'Sign in again.', action: 'sign-in' };
    default:
      return { title: 'Not connected', text: 'This terminal cannot be reached right now.', action: 'reconnect' };
  }
}

export function formatBytes(count) {
  if (count < 1024) {
    return `${count} bytes`;
  }
  if (count < 1024 * 1024) {
    return `${(count / 1024).toFixed(0)} KiB`;
  }
  return `${(count / 1024 / 1024).toFixed(1)} MiB`;
}
