/**
 * Where this client is in a terminal's output: the offset of the next output byte it will get.
 * The server's attached event says where each attach starts; every binary byte after it counts.
 * A re-attach asks for exactly that offset, so no byte comes twice and none is skipped.
 */
export class OutputCursor {
  constructor() {
    this.next = null;
  }

  /** The attach query parameter: none on the first attach (replay what the server holds). */
  query() {
    return this.next === null ? {} : { offset: String(this.next) };
  }

  /**
   * Takes the server's attached event. Answers how many bytes between the asked offset and the
   * one the server starts at are gone (the server no longer held them), 0 when nothing is lost.
   */
  attached(event) {
    const asked = this.next;
    this.next = event.offset;
    if (asked === null || event.offset <= asked) {
      return 0;
    }
    return event.offset - asked;
  }

  received(byteCount) {
    this.next += byteCount;
  }
}
