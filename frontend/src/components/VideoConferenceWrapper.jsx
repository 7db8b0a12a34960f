import { SocketProvider } from '../contexts/SocketContext';
import VideoConference from './VideoConference';

// The provider owns the conference's one socket; VideoConference and every panel below share it.
export default function VideoConferenceWrapper({ session, user, token }) {
  return (
    <SocketProvider userId={user._id} sessionId={session._id} token={token} namespace="/video">
      <VideoConference session={session} user={user} token={token} />
    </SocketProvider>
  );
}
