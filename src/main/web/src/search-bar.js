import { h } from './dom.js';

/**
 * Find in the terminal (Ctrl+Shift+F): searches the active tab's output and scrollback as you
 * type; Enter finds the next match, Shift+Enter the previous one, Escape closes.
 * target(): the session to search, or null.
 */
export class SearchBar {
  constructor({ target, onClose }) {
    this.target = target;
    this.onClose = onClose;
    this.field = h('input', {
      type: 'search', class: 'search-field', placeholder: 'Find in terminal', 'aria-label': 'Find in terminal',
      oninput: () => this.find('next'),
      onkeydown: (event) => this.key(event),
    });
    this.count = h('span', { class: 'search-count muted small', 'aria-live': 'polite' });
    this.element = h('div', { class: 'search-bar', hidden: true, role: 'search' },
      this.field, this.count,
      h('button', { type: 'button', title: 'Previous match (Shift+Enter)', 'aria-label': 'Previous match', onclick: () => this.find('previous') }, '↑'),
      h('button', { type: 'button', title: 'Next match (Enter)', 'aria-label': 'Next match', onclick: () => this.find('next') }, '↓'),
      h('button', { type: 'button', title: 'Close (Escape)', 'aria-label': 'Close search', onclick: () => this.close() }, '×'));
  }

  open() {
    this.element.hidden = false;
    this.field.focus();
    this.field.select();
    if (this.field.value) {
      this.find('next');
    }
  }

  close() {
    if (this.element.hidden) {
      return;
    }
    this.element.hidden = true;
    this.count.textContent = '';
    this.target()?.clearSearch();
    this.onClose();
  }

  key(event) {
    if (event.key === 'Enter') {
      event.preventDefault();
      this.find(event.shiftKey ? 'previous' : 'next');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
    }
  }

  find(direction) {
    const session = this.target();
    if (!session) {
      return;
    }
    const text = this.field.value;
    if (!text) {
      session.clearSearch();
      this.count.textContent = '';
      return;
    }
    const found = direction === 'previous' ? session.findPrevious(text) : session.findNext(text);
    if (!found) {
      this.count.textContent = 'No matches';
    }
  }

  /** The search addon's count of matches for the active tab. */
  results({ resultIndex, resultCount }) {
    if (this.element.hidden) {
      return;
    }
    this.count.textContent = resultCount === 0 ? 'No matches'
      : resultIndex >= 0 ? `${resultIndex + 1} of ${resultCount}` : `${resultCount} matches`;
  }
}
