/**
 * The terminal's look, shared by every tab and kept in localStorage: the font size (Ctrl+= and
 * Ctrl+- step it, Ctrl+0 resets it) and the colours, light or dark as the system is.
 */
const FONT_KEY = 'coditect.terminal.font-size';
export const FONT_SIZES = { min: 8, max: 32, standard: 14 };

export function clampFontSize(size) {
  const number = Math.round(Number(size));
  if (!Number.isFinite(number)) {
    return FONT_SIZES.standard;
  }
  return Math.min(FONT_SIZES.max, Math.max(FONT_SIZES.min, number));
}

/** The font-size change a key press asks for: +1, -1, 'reset' or null (not a font-size key). */
export function fontSizeKey(event) {
  if (event.type !== 'keydown' || !event.ctrlKey || event.altKey || event.metaKey) {
    return null;
  }
  switch (event.key) {
    case '=':
    case '+':
      return 1;
    case '-':
      return -1;
    case '0':
      return event.shiftKey ? null : 'reset';
    default:
      return null;
  }
}

export function readFontSize(storage) {
  try {
    const saved = storage.getItem(FONT_KEY);
    return saved === null ? FONT_SIZES.standard : clampFontSize(saved);
  } catch {
    return FONT_SIZES.standard;
  }
}

export function saveFontSize(storage, size) {
  try {
    storage.setItem(FONT_KEY, String(clampFontSize(size)));
  } catch {
    // Storage refused: the size lasts as long as the page.
  }
}

/** xterm.js colours; the terminal pane's background in app.css follows the same scheme. */
export const THEMES = {
  dark: {
    background: '#1e1f22', foreground: '#d4d7dc', cursor: '#e6e8eb', cursorAccent: '#1e1f22',
    selectionBackground: '#3d5a8a', black: '#1e1f22', red: '#f0716b', green: '#7ec46b', yellow: '#e5c07b',
    blue: '#6fa8ff', magenta: '#d38aea', cyan: '#56c7d4', white: '#d4d7dc', brightBlack: '#6b7280',
    brightRed: '#ff8f88', brightGreen: '#98d98a', brightYellow: '#f2d593', brightBlue: '#93bfff',
    brightMagenta: '#e3a8f3', brightCyan: '#7fdbe6', brightWhite: '#ffffff',
  },
  light: {
    background: '#fbfbfc', foreground: '#1d2127', cursor: '#1d2127', cursorAccent: '#fbfbfc',
    selectionBackground: '#b9d1fb', black: '#1d2127', red: '#c23b35', green: '#2c7d32', yellow: '#8f6b00',
    blue: '#1f5fd6', magenta: '#a13db8', cyan: '#137a86', white: '#8a919c', brightBlack: '#5b6470',
    brightRed: '#d9534f', brightGreen: '#3a9a41', brightYellow: '#a88000', brightBlue: '#3575ea',
    brightMagenta: '#b552cc', brightCyan: '#1b95a3', brightWhite: '#b8bec7',
  },
};

/** 'dark' or 'light', as the system asks (prefers-color-scheme). */
export function schemeOf(darkQuery) {
  return darkQuery?.matches ? 'dark' : 'light';
}
