import { h } from './dom.js';
import { FONT_SIZES, THEMES, clampFontSize, readFontSize, saveFontSize, schemeOf } from './terminal-settings.js';

/**
 * How every terminal of the page looks: the font size (the A− / A+ buttons and the keys, kept in
 * localStorage) and the light or dark theme, which follows the system's prefers-color-scheme as it
 * changes. onChange({ fontSize, theme, scheme }) tells the terminals.
 */
export class TerminalLook {
  constructor({ storage, onChange }) {
    this.storage = storage;
    this.onChange = onChange;
    this.fontSize = readFontSize(storage);
    this.darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
    this.scheme = schemeOf(this.darkQuery);
    this.onScheme = () => {
      this.scheme = schemeOf(this.darkQuery);
      this.changed();
    };
    this.darkQuery.addEventListener('change', this.onScheme);
    this.smaller = h('button', {
      type: 'button', class: 'font-smaller', title: 'Smaller text (Ctrl+-)', 'aria-label': 'Smaller text', onclick: () => this.step(-1),
    }, 'A−');
    this.larger = h('button', {
      type: 'button', class: 'font-larger', title: 'Larger text (Ctrl+=)', 'aria-label': 'Larger text', onclick: () => this.step(1),
    }, 'A+');
  }

  /** What a new terminal starts with. */
  current() {
    return { fontSize: this.fontSize, theme: THEMES[this.scheme], scheme: this.scheme };
  }

  /** +1, -1 or 'reset'. */
  step(step) {
    this.fontSize = step === 'reset' ? FONT_SIZES.standard : clampFontSize(this.fontSize + step);
    saveFontSize(this.storage, this.fontSize);
    this.changed();
  }

  changed() {
    this.smaller.disabled = this.fontSize <= FONT_SIZES.min;
    this.larger.disabled = this.fontSize >= FONT_SIZES.max;
    this.onChange(this.current());
  }

  dispose() {
    this.darkQuery.removeEventListener('change', this.onScheme);
  }
}
