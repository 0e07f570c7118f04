/**
 * What the page shows of a bearer token: who it is for and until when. Only read, never checked:
 * the server checks every token.
 */
export function tokenClaims(token) {
  const parts = String(token).trim().split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return {
      user: claims.upn ?? claims.sub ?? null,
      expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
      // Only decides whether the admins' views are offered; the server answers 403 to anyone else.
      admin: Array.isArray(claims.groups) && claims.groups.includes('admin'),
    };
  } catch {
    return null;
  }
}
