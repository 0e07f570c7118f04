import './files.css';
import { h, replace } from './dom.js';
import { FilesClient } from './files-api.js';
import {
  baseName, downloadName, formatSize, isText, joinPath, nameProblem, parentPath, progressText, sortEntries,
} from './files-paths.js';

/**
 * The files panel of a workspace, beside its terminals: a tree (directories open on click, loaded
 * page by page), a text viewer, and the actions on the selected entry: download (a folder as a
 * zip), upload into a folder by picking or dropping files, new folder, rename, delete; a progress
 * line for transfers.
 */
export class FilesPanel {
  constructor(root, { api, workspaceId }) {
    this.files = new FilesClient(api, workspaceId);
    this.selected = { path: '', type: 'directory' };
    this.tree = h('ul', { class: 'files-tree', role: 'tree' });
    this.viewer = h('pre', { class: 'files-viewer', hidden: true });
    this.status = h('p', { class: 'files-status', role: 'status', 'aria-live': 'polite' });
    this.progress = h('progress', { class: 'files-progress', max: 100, value: 0, hidden: true });
    this.picker = h('input', { type: 'file', multiple: true, hidden: true, onchange: () => this.uploadPicked() });
    const button = (label, onclick) => h('button', { type: 'button', onclick }, label);
    replace(root, h('section', {
      class: 'files-panel',
      ondragover: (event) => { event.preventDefault(); },
      ondrop: (event) => this.dropped(event),
    },
    h('div', { class: 'files-actions' },
      button('Upload', () => this.picker.click()),
      button('New folder', () => this.newFolder()),
      button('Download', () => this.download()),
      button('Rename', () => this.rename()),
      button('Delete', () => this.remove()),
      button('Refresh', () => this.refresh())),
    this.picker, this.progress, this.status, this.tree, this.viewer));
    this.refresh();
  }

  async refresh() {
    replace(this.tree);
    await this.expand('', this.tree);
  }

  /** Lists a directory into a list element, every page of it. */
  async expand(path, list) {
    try {
      let cursor = null;
      const entries = [];
      do {
        const page = await this.files.list(path, cursor);
        entries.push(...page.entries);
        cursor = page.next;
      } while (cursor);
      replace(list, sortEntries(entries).map((entry) => this.item(entry)));
    } catch (error) {
      this.say(error.message, true);
    }
  }

  item(entry) {
    const children = h('ul', { role: 'group', hidden: true });
    const icon = entry.type === 'directory' ? '▸' : entry.type === 'symlink' ? '↪' : '·';
    const label = h('button', {
      type: 'button', class: 'files-entry', role: 'treeitem', 'data-path': entry.path, 'data-type': entry.type,
      title: entry.type === 'symlink' ? `→ ${entry.target}` : `${entry.mode} ${formatSize(entry.size)}`,
      onclick: () => this.select(entry, label, children),
    }, `${icon} ${entry.name}`);
    return h('li', {}, label, children);
  }

  async select(entry, label, children) {
    this.selected = entry;
    for (const other of this.tree.querySelectorAll('.files-entry.selected')) {
      other.classList.remove('selected');
    }
    label.classList.add('selected');
    if (entry.type === 'directory') {
      children.hidden = !children.hidden;
      if (!children.hidden) {
        await this.expand(entry.path, children);
      }
      return;
    }
    await this.view(entry);
  }

  async view(entry) {
    try {
      const { bytes, contentType, size, truncated } = await this.files.head(entry.path);
      this.viewer.hidden = false;
      if (!isText(contentType, bytes)) {
        this.viewer.textContent = `${entry.name}: ${formatSize(size)} of binary data; download it to open it.`;
        return;
      }
      const text = new TextDecoder().decode(bytes);
      this.viewer.textContent = truncated ? `${text}\n… (the first ${formatSize(bytes.length)} of ${formatSize(size)})` : text;
    } catch (error) {
      this.say(error.message, true);
    }
  }

  /** The directory new things go into: the selected one, or the selected file's. */
  targetDirectory() {
    return this.selected.type === 'directory' ? this.selected.path : parentPath(this.selected.path);
  }

  async newFolder() {
    const name = prompt('Name of the new folder');
    if (name === null) {
      return;
    }
    await this.act(nameProblem(name), () => this.files.mkdir(joinPath(this.targetDirectory(), name)), `Made ${name}.`);
  }

  async rename() {
    if (!this.selected.path) {
      this.say('Select a file or folder to rename.', true);
      return;
    }
    const name = prompt('New name', baseName(this.selected.path));
    if (name === null || name === baseName(this.selected.path)) {
      return;
    }
    const to = joinPath(parentPath(this.selected.path), name);
    await this.act(nameProblem(name), () => this.files.move(this.selected.path, to), `Renamed to ${name}.`);
  }

  async remove() {
    const { path, type } = this.selected;
    if (!path) {
      this.say('Select a file or folder to delete.', true);
      return;
    }
    if (!confirm(type === 'directory' ? `Delete the folder ${path} and everything in it?` : `Delete ${path}?`)) {
      return;
    }
    await this.act(null, () => this.files.remove(path, type === 'directory'), `Deleted ${path}.`);
    this.selected = { path: '', type: 'directory' };
  }

  async download() {
    const { path, type } = this.selected;
    const fallback = type === 'directory' ? `${baseName(path) || 'workspace'}.zip` : baseName(path);
    try {
      const { blob, disposition } = await this.transfer((progress) => this.files.download(path, progress));
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: downloadName(disposition, fallback), hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.say(`Downloaded ${downloadName(disposition, fallback)}.`);
    } catch (error) {
      this.say(error.message, true);
    }
  }

  uploadPicked() {
    const files = [...this.picker.files];
    this.picker.value = '';
    return this.upload(files);
  }

  dropped(event) {
    event.preventDefault();
    return this.upload([...(event.dataTransfer?.files ?? [])]);
  }

  async upload(files) {
    if (files.length === 0) {
      return;
    }
    const directory = this.targetDirectory();
    try {
      await this.transfer((progress) => this.files.upload(directory, files, progress));
      this.say(`Uploaded ${files.map((file) => file.name).join(', ')} to ${directory || 'the workspace'}.`);
      await this.refresh();
    } catch (error) {
      this.say(error.message, true);
    }
  }

  /** Runs a transfer with the progress bar showing. */
  async transfer(run) {
    this.progress.hidden = false;
    this.progress.value = 0;
    try {
      return await run((loaded, total) => {
        this.progress.value = total ? (loaded / total) * 100 : 0;
        this.status.textContent = progressText(loaded, total);
      });
    } finally {
      this.progress.hidden = true;
    }
  }

  async act(problem, call, done) {
    if (problem) {
      this.say(problem, true);
      return;
    }
    try {
      await call();
      this.say(done);
      await this.refresh();
    } catch (error) {
      this.say(error.message, true);
    }
  }

  say(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
  }
}
