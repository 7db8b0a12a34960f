import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import toast from 'react-hot-toast';
import { Check, Copy, LogIn } from 'lucide-react';
import api, { errorMessage } from '../lib/api';
import { clearAuth, getUser, saveAuth } from '../lib/auth';
import { inviteLink, sessionIdFrom } from '../lib/links';

const inputClass = 'w-full rounded bg-gray-700 px-3 py-2 text-sm text-white placeholder-gray-400';
const buttonClass = 'rounded bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-40';

function SignInForm({ onSignedIn }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState('participant');
  const [busy, setBusy] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const { data } = await api.post('/api/auth/login', { name: name.trim(), role });
      saveAuth(data.token, data.user);
      onSignedIn(data.user);
    } catch (error) {
      toast.error(`Sign-in failed: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Sign in" className="flex flex-col gap-3">
      <label className="flex flex-col gap-1 text-sm text-gray-300">
        Your name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} className={inputClass} autoComplete="name" />
      </label>
      <fieldset className="flex gap-4 text-sm text-gray-300">
        <legend className="mb-1">I am a</legend>
        {['coach', 'participant'].map((value) => (
          <label key={value} className="flex items-center gap-1.5">
            <input type="radio" name="role" value={value} checked={role === value} onChange={() => setRole(value)} />
            {value}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy || !name.trim()} className={`${buttonClass} flex items-center justify-center gap-2`}>
        <LogIn size={16} /> Sign in
      </button>
    </form>
  );
}

function CreateSession() {
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [created, setCreated] = useState(null);
  const [copied, setCopied] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    try {
      const { data } = await api.post('/api/sessions', { title: title.trim() });
      setCreated(data);
    } catch (error) {
      toast.error(`Could not create the session: ${errorMessage(error)}`);
    }
  };

  const copy = () =>
    navigator.clipboard
      .writeText(inviteLink(created._id))
      .then(() => setCopied(true))
      .catch(() => toast.error('Could not copy: select the link and copy it by hand'));

  if (created) {
    return (
      <div className="flex flex-col gap-3">
        <p className="text-sm text-gray-300">
          Session <span className="font-semibold text-white">{created.title}</span> is ready. Send this link to your participants:
        </p>
        <div className="flex gap-2">
          <input readOnly value={inviteLink(created._id)} aria-label="Invite link" className={inputClass} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={copy} aria-label="Copy invite link" className="rounded bg-gray-700 px-3 text-gray-200 hover:bg-gray-600">
            {copied ? <Check size={16} /> : <Copy size={16} />}
          </button>
        </div>
        <button type="button" onClick={() => navigate(`/session/${encodeURIComponent(created._id)}`)} className={buttonClass}>
          Open session
        </button>
      </div>
    );
  }

  return (
    <form onSubmit={submit} aria-label="Create session" className="flex flex-col gap-2">
      <label className="flex flex-col gap-1 text-sm text-gray-300">
        Session title
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} className={inputClass} />
      </label>
      <button type="submit" disabled={!title.trim()} className={buttonClass}>
        Create session
      </button>
    </form>
  );
}

function JoinSession() {
  const navigate = useNavigate();
  const [target, setTarget] = useState('');
  const submit = (event) => {
    event.preventDefault();
    navigate(`/session/${encodeURIComponent(sessionIdFrom(target))}`);
  };
  return (
    <form onSubmit={submit} aria-label="Join session" className="flex flex-col gap-2">
      <label className="flex flex-col gap-1 text-sm text-gray-300">
        Session id or invite link
        <input value={target} onChange={(e) => setTarget(e.target.value)} required className={inputClass} />
      </label>
      <button type="submit" disabled={!target.trim()} className={buttonClass}>
        Join session
      </button>
    </form>
  );
}

/** Sign in, then create a session (coaches) or join one. An invite opened signed-out comes back here with `next`. */
export default function HomePage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [user, setUser] = useState(getUser);
  const next = params.get('next');

  const onSignedIn = (signedIn) => {
    // Only follow a path inside this app, never an absolute URL smuggled into `next`.
    if (next?.startsWith('/') && !next.startsWith('//')) navigate(next, { replace: true });
    else setUser(signedIn);
  };

  const signOut = () => {
    clearAuth();
    setUser(null);
  };

  return (
    <div className="flex min-h-screen items-center justify-center bg-gray-900 p-4 text-gray-100">
      <main className="w-full max-w-md space-y-6 rounded-xl bg-gray-800 p-6 shadow-xl">
        <h1 className="text-xl font-semibold text-white">Video conference</h1>
        {!user ? (
          <SignInForm onSignedIn={onSignedIn} />
        ) : (
          <>
            <div className="flex items-center justify-between text-sm text-gray-300">
              <span>
                Signed in as <span className="font-semibold text-white">{user.name}</span> ({user.role})
              </span>
              <button type="button" onClick={signOut} className="text-gray-400 underline hover:text-white">
                Sign out
              </button>
            </div>
            {user.role === 'coach' && <CreateSession />}
            <JoinSession />
          </>
        )}
      </main>
    </div>
  );
}
