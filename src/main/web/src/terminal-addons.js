import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';

/**
 * xterm.js's own addons, as a terminal of the page uses them: fit (the pane's size), search (find),
 * web links (click to open), Unicode 11 widths (needs the terminal's allowProposedApi) and, where
 * a GPU draws it, WebGL.
 */

/** Search matches, in both themes. */
export const SEARCH_DECORATIONS = {
  matchBackground: '#8a6d1f', matchOverviewRuler: '#d98e04',
  activeMatchBackground: '#d98e04', activeMatchColorOverviewRuler: '#ffb020',
};

/** Loads the addons every terminal has; answers the ones the session calls. */
export function loadAddons(term, { onSearchResults }) {
  const fit = new FitAddon();
  term.loadAddon(fit);
  const search = new SearchAddon({ highlightLimit: 1000 });
  term.loadAddon(search);
  search.onDidChangeResults(onSearchResults);
  term.loadAddon(new WebLinksAddon((event, uri) => openLink(uri)));
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  return { fit, search };
}

/**
 * Draws an opened terminal with WebGL where a GPU draws it; answers 'webgl' or 'dom'. Without a GPU
 * (a software rasterizer, as in headless browsers and many virtual machines, where WebGL costs more
 * CPU than the DOM) xterm.js's DOM renderer draws, and it takes over again if the WebGL context is
 * lost (onFallback('dom')).
 */
export function useWebgl(term, onFallback) {
  if (!hardwareWebgl()) {
    return 'dom';
  }
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => {
      webgl.dispose();
      onFallback('dom');
    });
    term.loadAddon(webgl);
    return 'webgl';
  } catch {
    return 'dom';
  }
}

let hardware = null;

/**
 * Whether this browser has WebGL 2 drawn by a GPU (asked once per page). Browsers without one offer
 * a software WebGL (SwiftShader in Chromium, llvmpipe in Mesa) and do not all honour
 * failIfMajorPerformanceCaveat, so the renderer's name is read too.
 */
function hardwareWebgl() {
  if (hardware === null) {
    const gl = document.createElement('canvas').getContext('webgl2', { failIfMajorPerformanceCaveat: true });
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const name = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : '';
    hardware = gl !== null && !softwareRenderer(name);
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return hardware;
}

/** Whether a WebGL renderer's name is that of a software rasterizer. */
export function softwareRenderer(name) {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
}

/** A link in the terminal opens in a new tab, with no way back to this page (no opener). */
function openLink(uri) {
  let url;
  try {
    url = new URL(uri);
  } catch {
    return;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    window.open(url.href, '_blank', 'noopener,noreferrer');
  }
}
