// The signed-in identity. localStorage keeps it across reloads and for new tabs; sessionStorage pins
// it per tab, so a coach and a participant signed in in two tabs of one browser stay who they are.
const TOKEN_KEY = 'token';
const USER_KEY = 'user';

// Claim names used by common issuers, .NET's own long names included, for a token that came from a
// deep link rather than from our login response.
const ID_CLAIMS = ['sub', 'userId', 'nameid', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier'];
const NAME_CLAIMS = ['name', 'unique_name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'];
const ROLE_CLAIMS = ['role', 'roles', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'];

const firstClaim = (claims, names) => {
  for (const name of names) {
    const value = claims[name];
    if (value !== undefined) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
};

export function decodeToken(token) {
  try {
    const base64 = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return {
      _id: String(firstClaim(claims, ID_CLAIMS) ?? ''),
      name: firstClaim(claims, NAME_CLAIMS) ?? '',
      role: firstClaim(claims, ROLE_CLAIMS) ?? 'participant',
    };
  } catch {
    return null;
  }
}

const read = (key) => sessionStorage.getItem(key) ?? localStorage.getItem(key);

export function getToken() {
  return read(TOKEN_KEY);
}

// The stored user belongs to the stored token; a token from elsewhere speaks for itself.
export function getUser() {
  const token = getToken();
  if (!token) return null;
  try {
    const { forToken, user } = JSON.parse(read(USER_KEY));
    if (forToken === token) return user;
  } catch {
    // nothing stored for this token
  }
  return decodeToken(token);
}

export function saveAuth(token, user = decodeToken(token)) {
  const entry = JSON.stringify({ forToken: token, user });
  for (const storage of [localStorage, sessionStorage]) {
    storage.setItem(TOKEN_KEY, token);
    storage.setItem(USER_KEY, entry);
  }
}

export function clearAuth() {
  for (const storage of [localStorage, sessionStorage]) {
    storage.removeItem(TOKEN_KEY);
    storage.removeItem(USER_KEY);
  }
}
