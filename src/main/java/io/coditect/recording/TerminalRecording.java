package io.coditect.recording;

/** What the store keeps of the recording a terminal was started with, so that its restore records it alike. */
public record TerminalRecording(String recording, boolean input) {
}
