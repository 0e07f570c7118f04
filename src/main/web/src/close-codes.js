/** The transport closed itself because the page fell too far behind (never sent by a server). */
export const CLOSED_BEHIND = -1;

/**
 * What to do when an attach connection closes (docs/protocol.md, "Close codes"): 'stop' for
 * good (the shell exited, the terminal is gone), otherwise 'reattach' with the offset.
 */
export function afterClose(code) {
  switch (code) {
    case 1000: // the shell exited, after its exit event
    case 4000: // the terminal was deleted or closed after its grace period
      return 'stop';
    default:
      // 1001 server stopping (a gateway draining), 1006 connection lost, 1008 no valid grant (a new
      // ticket fixes it), 1009 frame too large, 1011 server error, 1013 the workspace's agent is
      // unreachable (gateway), 4001 too slow, CLOSED_BEHIND: all re-attach, with back-off.
      return 'reattach';
  }
}

/**
 * Why the connection dropped, as a cause the page words for people (session-messages.js): the
 * server restarting, the network, the workspace's agent, or the page falling behind.
 */
export function closeCause(code) {
  switch (code) {
    case 1001: return 'server';
    case 1013: return 'agent';
    case 4001:
    case CLOSED_BEHIND: return 'behind';
    default: return 'network';
  }
}
