import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Loader2 } from 'lucide-react';
import VideoConferenceWrapper from '../components/VideoConferenceWrapper';
import api, { errorMessage } from '../lib/api';
import { clearAuth, getToken, getUser, saveAuth } from '../lib/auth';

// The member's own record in the session is the server's word on their name and role. An opaque
// token (no readable claims) leaves us only that record's absence: a nameless participant.
function memberOf(session, user = { _id: '', name: '', role: 'participant' }) {
  const record = session.participants?.find((p) => p.userId === user._id);
  return { ...user, name: record?.name ?? user.name, role: record?.role ?? user.role };
}

/**
 * /session/:sessionId[?token=]. Joins over REST first, since the server only lets a socket into the
 * session's room after that, then loads the session, and only then mounts the conference (and so
 * connects its socket).
 */
export default function SessionPage() {
  const { sessionId } = useParams();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // A token in the link wins (the seeds' `tokenFromUrl`).
  const token = params.get('token') ?? getToken();
  const [state, setState] = useState({ status: 'joining' });

  useEffect(() => {
    if (params.has('token')) {
      // Keep it for requests and reloads, and take it out of the address bar and history.
      if (token !== getToken()) saveAuth(token);
      navigate(`/session/${encodeURIComponent(sessionId)}`, { replace: true });
      return undefined;
    }
    const signInFirst = () =>
      navigate(`/?next=${encodeURIComponent(`/session/${encodeURIComponent(sessionId)}`)}`, { replace: true });
    if (!token) {
      signInFirst();
      return undefined;
    }
    let cancelled = false;
    (async () => {
      try {
        await api.post(`/api/sessions/${sessionId}/join`);
        const { data: session } = await api.get(`/api/sessions/${sessionId}`);
        if (!cancelled) setState({ status: 'ready', session });
      } catch (error) {
        if (cancelled) return;
        const status = error.response?.status;
        if (status === 401) {
          clearAuth();
          signInFirst();
          return;
        }
        const message = status === 404 ? 'This session does not exist.' : errorMessage(error, 'Could not join the session.');
        setState({ status: 'error', message });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [sessionId, token, params, navigate]);

  if (state.status === 'ready') {
    return <VideoConferenceWrapper key={`${sessionId}:${token}`} session={state.session} user={memberOf(state.session, getUser() ?? undefined)} token={token} />;
  }
  return (
    <div className="flex min-h-screen flex-col items-center justify-center gap-4 bg-gray-900 p-4 text-gray-100">
      {state.status === 'joining' ? (
        <p className="flex items-center gap-2 text-gray-300" role="status">
          <Loader2 size={18} className="animate-spin" /> Joining the session…
        </p>
      ) : (
        <>
          <p role="alert" className="text-red-300">
            {state.message}
          </p>
          <Link to="/" className="text-sm text-gray-300 underline hover:text-white">
            Back to the start page
          </Link>
        </>
      )}
    </div>
  );
}
