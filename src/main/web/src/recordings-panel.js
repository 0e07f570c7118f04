import * as AsciinemaPlayer from 'asciinema-player';
import 'asciinema-player/dist/bundle/asciinema-player.css';
import { ASCIICAST, describeRecording, recordingPath, recordingsPath } from './recordings.js';
import { h, replace } from './dom.js';

/** Pauses longer than this play as this long: a recording of someone thinking is not watched in real time. */
const IDLE_SECONDS = 2;

/**
 * The workspace's session recordings, in its side panel (docs/protocol.md, "Session recording"):
 * listed when opened, newest first, each with a play button; played with asciinema-player from
 * the text the API streams (fetched with the session's token, so the player never needs one).
 */
export class RecordingsPanel {
  constructor(root, { api, workspaceId }) {
    this.api = api;
    this.workspaceId = workspaceId;
    this.player = null;
    this.list = h('ol', { class: 'recordings-list' });
    this.status = h('p', { class: 'recordings-status', role: 'status', 'aria-live': 'polite' });
    this.stage = h('div', { class: 'recordings-stage' });
    this.section = h('details', { class: 'recordings-panel', ontoggle: () => this.toggled() },
      h('summary', {}, 'Recordings'),
      h('button', { type: 'button', onclick: () => this.load() }, 'Refresh'),
      this.status, this.list, this.stage);
    replace(root, this.section);
  }

  toggled() {
    if (this.section.open && this.list.childElementCount === 0) {
      this.load();
    }
  }

  async load() {
    try {
      const response = await this.api.request('GET', recordingsPath(this.workspaceId));
      const { recordings } = await response.json();
      replace(this.list, ...recordings.map((info) => this.item(info)));
      this.say(recordings.length === 0 ? 'No recordings: recording is off, or no terminal was opened since.' : '');
    } catch (error) {
      this.say(error.message, true);
    }
  }

  item(info) {
    const { when, terminal, note } = describeRecording(info);
    return h('li', { class: 'recordings-item' },
      h('button', { type: 'button', class: 'recordings-play', 'aria-label': `Play the recording of ${terminal}`,
        onclick: () => this.play(info) }, '▶'), ' ',
      h('time', { datetime: when.toISOString() }, when.toLocaleString()), ' ',
      'terminal ', h('span', { class: 'recordings-terminal' }, terminal), h('span', { class: 'recordings-note' }, ` (${note})`));
  }

  /**
   * Plays a recording in a dialog over the page, as wide as the window allows: in the side panel's
   * width a terminal's screen would be too small to read. Escape or Close ends it.
   */
  async play(info) {
    try {
      const response = await this.api.request('GET', recordingPath(this.workspaceId, info.id), undefined,
        { accept: ASCIICAST });
      const text = await response.text();
      this.stop();
      const { when, terminal } = describeRecording(info);
      const title = `Terminal ${terminal}, recorded ${when.toLocaleString()}`;
      const screen = h('div', { class: 'recordings-player', 'data-recording': info.id });
      const dialog = h('dialog', { class: 'recordings-dialog', 'aria-label': title, onclose: () => this.stop() },
        h('div', { class: 'recordings-dialog-head' }, h('span', {}, title),
          h('button', { type: 'button', onclick: () => dialog.close() }, 'Close')),
        screen);
      replace(this.stage, dialog);
      dialog.showModal();
      this.player = AsciinemaPlayer.create({ data: text }, screen,
        { autoPlay: true, fit: 'both', idleTimeLimit: IDLE_SECONDS, controls: true });
      this.say('');
    } catch (error) {
      this.say(error.message, true);
    }
  }

  stop() {
    this.player?.dispose();
    this.player = null;
    const dialog = this.stage.querySelector('dialog');
    replace(this.stage);
    if (dialog?.open) {
      dialog.close();
    }
  }

  say(text, error = false) {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }
}
