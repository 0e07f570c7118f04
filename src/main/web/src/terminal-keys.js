import { fontSizeKey } from './terminal-settings.js';

/**
 * What a key press in a terminal means to the page, before xterm.js sees it:
 * - { action: 'search' }: Ctrl+Shift+F opens find;
 * - { action: 'font', step }: Ctrl+= / Ctrl+- / Ctrl+0 (terminal-settings.js);
 * - { action: 'copy', clear }: Ctrl+Shift+C and Ctrl+Insert copy; Ctrl+C copies only while text is
 *   selected, and clears the selection so the next Ctrl+C is the interrupt again;
 * - { action: 'paste' }: Ctrl+Shift+V and Shift+Insert leave it to the browser's own paste, which
 *   xterm.js turns into input (bracketed when the program asked for it);
 * - null: the terminal's (Ctrl+V stays the program's: quoted insert, Vim's block selection; on a
 *   Mac, Cmd+C and Cmd+V are the browser's own).
 */
export function keyAction(event, hasSelection) {
  if (event.type !== 'keydown') {
    return null;
  }
  const key = event.key.toLowerCase();
  const ctrl = event.ctrlKey && !event.altKey && !event.metaKey;
  const shift = event.shiftKey && !event.altKey && !event.metaKey;
  if (ctrl && event.shiftKey && key === 'f') {
    return { action: 'search' };
  }
  const step = fontSizeKey(event);
  if (step !== null) {
    return { action: 'font', step };
  }
  if ((ctrl && event.shiftKey && key === 'c') || (ctrl && !event.shiftKey && key === 'insert')) {
    return { action: 'copy', clear: false };
  }
  if (ctrl && !event.shiftKey && key === 'c' && hasSelection) {
    return { action: 'copy', clear: true };
  }
  if ((ctrl && event.shiftKey && key === 'v') || (shift && !event.ctrlKey && key === 'insert')) {
    return { action: 'paste' };
  }
  return null;
}
