/**
 * The rule for a workspace's name, the same as the API's (io.coditect.workspace.WorkspaceNames):
 * 1 to 64 Unicode letters, decimal digits, spaces, '-', '_' or '.', and not only spaces. Checked here
 * so the form says what is wrong before it asks; the server checks it again.
 */
const VALID = /^[\p{L}\p{Nd} ._-]{1,64}$/u;

/** Why a name is refused, in words for the form, or null when the API accepts it. */
export function workspaceNameProblem(name) {
  if (typeof name !== 'string' || name.trim() === '') {
    return 'A workspace needs a name of 1 to 64 characters.';
  }
  if (!VALID.test(name)) {
    return 'A workspace name has 1 to 64 letters, digits, spaces, "-", "_" or ".".';
  }
  return null;
}
