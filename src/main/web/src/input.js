const encoder = new TextEncoder();

/** Input frames stay well under the server's frame limit (64 KiB by default): a long paste is split. */
export const MAX_INPUT_FRAME = 16 * 1024;

/** Terminal input (xterm's onData text) as UTF-8 frames of at most MAX_INPUT_FRAME bytes. */
export function inputFrames(text) {
  return split(encoder.encode(text));
}

/** xterm's onBinary data (one character per byte, e.g. some mouse reports) as frames. */
export function binaryFrames(data) {
  return split(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff));
}

function split(bytes) {
  const frames = [];
  for (let start = 0; start < bytes.length; start += MAX_INPUT_FRAME) {
    frames.push(bytes.subarray(start, Math.min(bytes.length, start + MAX_INPUT_FRAME)));
  }
  return frames;
}
