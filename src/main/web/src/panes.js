/**
 * Which tabs the stage shows: the active one, and in split view a partner beside it. Tabs are
 * opaque here (any objects); the view draws what this decides.
 */
export class Panes {
  constructor() {
    this.active = null;
    this.partner = null;
    this.split = false;
  }

  /**
   * Makes a tab the active one. In split view the other half keeps its tab, except when the tab
   * chosen is that one: then the two change places.
   */
  show(tab) {
    if (this.split && tab !== this.active && (tab === this.partner || !this.partner)) {
      this.partner = this.active;
    }
    this.active = tab;
    if (this.partner === tab) {
      this.partner = null;
    }
  }

  /** The tabs shown, in the tabs' order (left, right). */
  visible(tabs) {
    return [this.active, this.split ? this.partner : null].filter(Boolean)
      .sort((a, b) => tabs.indexOf(a) - tabs.indexOf(b));
  }

  /** Split view on, the partner being the first other tab; false when there is none yet. */
  startSplit(tabs) {
    this.split = true;
    this.partner = tabs.find((tab) => tab !== this.active) ?? null;
    return this.partner !== null;
  }

  endSplit() {
    this.split = false;
    this.partner = null;
  }

  /**
   * A tab went (tabs: those left, at: where it stood). Answers the tab to show instead when it was
   * the active one (the partner, else its neighbour), or null. Split view ends below two tabs.
   */
  removed(tab, tabs, at) {
    if (this.partner === tab) {
      this.partner = tabs.find((other) => other !== this.active) ?? null;
    }
    let next = null;
    if (this.active === tab) {
      this.active = null;
      next = this.partner ?? tabs[Math.min(at, tabs.length - 1)] ?? null;
    }
    if (tabs.length < 2 && this.split) {
      this.endSplit();
    }
    return next;
  }
}
