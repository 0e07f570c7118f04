import { h } from './dom.js';

/**
 * The row of tabs of a workspace: a state dot and a label each, renamed by double-click (Enter
 * keeps, Escape cancels), reordered by dragging (or Alt+Shift+Left/Right on a focused tab), ended by
 * its × button. It only draws and reports; the view decides.
 *
 * handlers: onSelect(tab), onClose(tab), onRename(tab, name), onMove(tab, beforeTab | null).
 */
export class TabBar {
  constructor(handlers) {
    this.handlers = handlers;
    this.element = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Terminals' });
    this.dragged = null;
  }

  /** A header for a tab (the view's tab object, which gets header, dot and label). */
  add(tab) {
    tab.dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
    tab.label = h('span', { class: 'tab-label' });
    tab.button = h('button', {
      type: 'button', role: 'tab', class: 'tab', title: 'Double-click to rename; drag to move',
      onclick: () => this.handlers.onSelect(tab),
      ondblclick: () => this.rename(tab),
      onkeydown: (event) => this.key(tab, event),
    }, tab.dot, tab.label);
    const close = h('button', {
      type: 'button', class: 'tab-close', title: 'End this terminal', 'aria-label': 'End this terminal',
      onclick: () => this.handlers.onClose(tab),
    }, '×');
    tab.header = h('div', {
      class: 'tab-item', draggable: 'true',
      ondragstart: (event) => {
        this.dragged = tab;
        event.dataTransfer.effectAllowed = 'move';
        event.dataTransfer.setData('text/plain', tab.label.textContent);
        tab.header.classList.add('dragging');
      },
      ondragend: () => {
        this.dragged = null;
        tab.header.classList.remove('dragging');
        this.clearDropMarks();
      },
      ondragover: (event) => {
        if (this.dragged && this.dragged !== tab) {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'move';
          this.clearDropMarks();
          tab.header.classList.add(this.after(tab, event) ? 'drop-after' : 'drop-before');
        }
      },
      ondrop: (event) => {
        event.preventDefault();
        const moved = this.dragged;
        if (moved && moved !== tab) {
          this.handlers.onMove(moved, this.after(tab, event) ? this.next(tab) : tab);
        }
        this.clearDropMarks();
      },
    }, tab.button, close);
    this.element.append(tab.header);
  }

  /** Whether a drop at the pointer goes after this tab (its right half) rather than before it. */
  after(tab, event) {
    const box = tab.header.getBoundingClientRect();
    return event.clientX > box.left + box.width / 2;
  }

  next(tab) {
    let sibling = tab.header.nextElementSibling;
    while (sibling && sibling === this.dragged?.header) {
      sibling = sibling.nextElementSibling;
    }
    return sibling ? this.tabOf(sibling) : null;
  }

  clearDropMarks() {
    for (const header of this.element.querySelectorAll('.drop-before, .drop-after')) {
      header.classList.remove('drop-before', 'drop-after');
    }
  }

  key(tab, event) {
    if (event.altKey && event.shiftKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      event.preventDefault();
      const headers = [...this.element.children];
      const at = headers.indexOf(tab.header);
      if (event.key === 'ArrowLeft' && at > 0) {
        this.handlers.onMove(tab, this.tabOf(headers[at - 1]));
      } else if (event.key === 'ArrowRight' && at < headers.length - 1) {
        this.handlers.onMove(tab, at + 2 < headers.length ? this.tabOf(headers[at + 2]) : null);
      }
      tab.button.focus();
    } else if (event.key === 'F2') {
      event.preventDefault();
      this.rename(tab);
    }
  }

  /** Puts the headers in this order. */
  order(tabs) {
    for (const tab of tabs) {
      this.element.append(tab.header);
    }
  }

  tabOf(header) {
    return this.tabs().find((tab) => tab.header === header) ?? null;
  }

  tabs() {
    return this.handlers.tabs();
  }

  /** An inline field over the label; Enter or leaving it keeps the name, Escape cancels. */
  rename(tab) {
    if (tab.header.querySelector('.tab-rename')) {
      return;
    }
    const field = h('input', {
      class: 'tab-rename', value: tab.label.textContent, maxlength: 40, 'aria-label': 'Terminal name',
    });
    let done = false;
    const finish = (keep) => {
      if (done) {
        return;
      }
      done = true;
      field.remove();
      tab.button.hidden = false;
      if (keep) {
        this.handlers.onRename(tab, field.value);
      }
      tab.button.focus();
    };
    field.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Enter') {
        finish(true);
      } else if (event.key === 'Escape') {
        finish(false);
      }
    });
    field.addEventListener('blur', () => finish(true));
    tab.button.hidden = true;
    tab.header.insertBefore(field, tab.button);
    field.focus();
    field.select();
  }

  remove(tab) {
    tab.header.remove();
  }
}
