/**
 * What the tabs of one workspace are called and in which order they stand, kept in the browser's
 * localStorage under the workspace's id so that a reload (or another window) shows the same tabs.
 * Nothing secret is kept: terminal ids, numbers and names only.
 *
 * A tab's label is, first found: the name the user gave it, the title the shell set (OSC 0 or 2),
 * "Terminal N". N is given once, when the tab first appears, as the lowest number no open tab holds.
 */
const PREFIX = 'coditect.tabs.';
/** Shells set long titles (a whole command line); a tab shows a readable start of it. */
export const MAX_LABEL = 40;

/** The lowest whole number from 1 up that is not in used. */
export function lowestFree(used) {
  const taken = new Set(used);
  let number = 1;
  while (taken.has(number)) {
    number += 1;
  }
  return number;
}

/** A title or a name as a tab shows it: one line, trimmed, at most MAX_LABEL characters. */
export function cleanLabel(text) {
  const line = String(text ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const characters = [...line];
  return characters.length > MAX_LABEL ? `${characters.slice(0, MAX_LABEL - 1).join('')}…` : line;
}

export class TabNames {
  constructor(storage, workspaceId) {
    this.storage = storage;
    this.key = PREFIX + workspaceId;
    this.state = this.read();
  }

  read() {
    try {
      const saved = JSON.parse(this.storage.getItem(this.key) ?? 'null');
      if (saved && Array.isArray(saved.order) && saved.tabs && typeof saved.tabs === 'object') {
        return { order: saved.order.filter((id) => typeof id === 'string'), tabs: saved.tabs };
      }
    } catch {
      // Unreadable (another version's format, a hand edit): start over.
    }
    return { order: [], tabs: {} };
  }

  save() {
    try {
      this.storage.setItem(this.key, JSON.stringify(this.state));
    } catch {
      // Storage full or refused (private mode): names then last as long as the page.
    }
  }

  /**
   * The server's terminals in the order the tabs stood: known ones as they were, new ones after
   * them with a number each; terminals that are gone are forgotten.
   */
  arrange(terminalIds) {
    const present = new Set(terminalIds);
    for (const id of Object.keys(this.state.tabs)) {
      if (!present.has(id)) {
        delete this.state.tabs[id];
      }
    }
    const order = this.state.order.filter((id) => present.has(id));
    for (const id of terminalIds) {
      if (!order.includes(id)) {
        order.push(id);
      }
    }
    this.state.order = order;
    for (const id of order) {
      this.number(id);
    }
    this.save();
    return [...order];
  }

  /** Adds a terminal at the end (a tab just opened); answers its number. */
  add(terminalId) {
    if (!this.state.order.includes(terminalId)) {
      this.state.order.push(terminalId);
    }
    const number = this.number(terminalId);
    this.save();
    return number;
  }

  /** The number a new tab would get now. */
  nextNumber() {
    return lowestFree(Object.values(this.state.tabs).map((tab) => tab.number));
  }

  number(terminalId) {
    let tab = this.state.tabs[terminalId];
    if (!tab) {
      tab = { number: this.nextNumber() };
      this.state.tabs[terminalId] = tab;
    }
    return tab.number;
  }

  remove(terminalId) {
    delete this.state.tabs[terminalId];
    this.state.order = this.state.order.filter((id) => id !== terminalId);
    this.save();
  }

  /** A name the user typed; an empty one gives the tab back its automatic label. */
  rename(terminalId, name) {
    this.number(terminalId);
    const clean = cleanLabel(name);
    if (clean) {
      this.state.tabs[terminalId].name = clean;
    } else {
      delete this.state.tabs[terminalId].name;
    }
    this.save();
  }

  /** The shell's title (OSC 0/2); an empty title clears it. */
  setTitle(terminalId, title) {
    this.number(terminalId);
    const clean = cleanLabel(title);
    if (clean) {
      this.state.tabs[terminalId].title = clean;
    } else {
      delete this.state.tabs[terminalId].title;
    }
    this.save();
  }

  label(terminalId) {
    const tab = this.state.tabs[terminalId];
    if (!tab) {
      return `Terminal ${this.nextNumber()}`;
    }
    return tab.name ?? tab.title ?? `Terminal ${tab.number}`;
  }

  /** Moves a tab before another one (or to the end, with before null). */
  move(terminalId, beforeId) {
    const order = this.state.order.filter((id) => id !== terminalId);
    const at = beforeId === null ? -1 : order.indexOf(beforeId);
    order.splice(at < 0 ? order.length : at, 0, terminalId);
    this.state.order = order;
    this.save();
    return [...order];
  }

  order() {
    return [...this.state.order];
  }
}
