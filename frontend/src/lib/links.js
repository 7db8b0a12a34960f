// The invite carries no token: whoever opens it joins as themselves (signing in first if needed).
export const inviteLink = (sessionId) => `${window.location.origin}/session/${encodeURIComponent(sessionId)}`;

// Accepts a bare session id or any link to one (the invite, or a deep link with its token).
export function sessionIdFrom(input) {
  const value = input.trim();
  const match = value.match(/\/session\/([^/?#]+)/);
  return match ? decodeURIComponent(match[1]) : value;
}
