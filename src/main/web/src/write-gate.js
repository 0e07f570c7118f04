/**
 * Flow control between the socket and xterm.js: counts the output bytes handed to xterm whose
 * write callback has not run yet. Above the high watermark the connection stops reading; once
 * xterm has caught up to the low watermark it reads again. xterm's own buffer thus stays small
 * and the tab keeps answering keys and clicks during a flood.
 */
export class WriteGate {
  constructor({ high = 256 * 1024, low = 32 * 1024 } = {}) {
    this.high = high;
    this.low = low;
    this.pending = 0;
    this.paused = false;
  }

  /** Bytes handed to xterm. True when reading must pause now. */
  written(byteCount) {
    this.pending += byteCount;
    if (!this.paused && this.pending >= this.high) {
      this.paused = true;
      return true;
    }
    return false;
  }

  /** xterm has parsed bytes. True when reading may resume now. */
  parsed(byteCount) {
    this.pending -= byteCount;
    if (this.paused && this.pending <= this.low) {
      this.paused = false;
      return true;
    }
    return false;
  }
}
