import { useEffect, useRef, useState } from 'react';
import {
  BarChart3,
  FileText,
  FolderOpen,
  Hand,
  MessageSquare,
  Mic,
  MicOff,
  PhoneOff,
  Power,
  Users,
  Video,
  VideoOff,
} from 'lucide-react';
import logger from '../utils/logger';

// Gray like the ResourcePanel's items, overlapping the icon's top-right corner; absent at zero.
function CountBadge({ count, testId }) {
  if (!(count > 0)) return null;
  return (
    <span
      data-testid={testId}
      className="pointer-events-none absolute right-1 top-1 inline-flex translate-x-1/4 -translate-y-1/4 transform items-center justify-center rounded-full bg-gray-600 px-2 py-1 text-xs font-bold leading-none text-white"
    >
      {count}
    </span>
  );
}

function ControlButton({ label, onClick, active = false, danger = false, disabled = false, pressed, children }) {
  const tone = danger
    ? 'bg-red-600 text-white hover:bg-red-700'
    : active
      ? 'bg-[var(--primary-color)] text-white hover:bg-[var(--primary-hover)]'
      : 'bg-[var(--background-hover)] text-[var(--text-primary)] hover:bg-[var(--primary-hover)]';
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      aria-pressed={pressed}
      title={label}
      disabled={disabled}
      className={`control-btn rounded-full p-3 transition-colors disabled:cursor-not-allowed disabled:opacity-40 ${tone}`}
    >
      {children}
    </button>
  );
}

// Badged panel toggle; the wrapper is what the badge is positioned against.
function PanelButton({ panel, label, icon: Icon, count, badgeTestId, activePanel, togglePanel }) {
  return (
    <div className="relative inline-block">
      <ControlButton label={label} onClick={() => togglePanel(panel)} active={activePanel === panel} pressed={activePanel === panel}>
        <Icon size={20} />
      </ControlButton>
      <CountBadge count={count} testId={badgeTestId} />
    </div>
  );
}

// The host's "End session": a second, explicit step, since it closes the session for everyone.
function EndSessionControl({ onEndSession, ending }) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useRef(null);

  useEffect(() => {
    if (!confirming) return undefined;
    cancel.current?.focus();
    const onKey = (event) => event.key === 'Escape' && setConfirming(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [confirming]);

  const confirm = () => {
    setConfirming(false);
    onEndSession?.();
  };

  return (
    <div className="relative inline-block">
      <ControlButton label="End session" onClick={() => setConfirming((open) => !open)} danger pressed={confirming} disabled={ending}>
        <Power size={20} />
      </ControlButton>
      {confirming && (
        <div
          role="alertdialog"
          aria-label="End the session for everyone?"
          className="absolute bottom-full right-0 z-20 mb-2 w-64 rounded-lg border border-gray-700 bg-gray-900 p-3 text-sm text-gray-200 shadow-xl"
        >
          <p className="mb-3">End the session for everyone? All participants will be disconnected.</p>
          <div className="flex justify-end gap-2">
            <button ref={cancel} type="button" onClick={() => setConfirming(false)} className="rounded bg-gray-700 px-3 py-1.5 hover:bg-gray-600">
              Cancel
            </button>
            <button type="button" onClick={confirm} className="rounded bg-red-600 px-3 py-1.5 font-medium text-white hover:bg-red-700">
              End for everyone
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/**
 * Stateless: counts come from VideoConference, which owns them (seed 000, step 4). The resources button
 * is rendered here under `isCoach` rather than passed in as a child, so its badge reads the prop directly.
 * Participants get a read-only "Shared files" button onto the same panel. Only the host (the coach who
 * created the session) gets "End session", behind a confirm step.
 */
export default function ControlBar({
  isCoach = false,
  isHost = false,
  ending = false,
  onEndSession,
  activePanel = null,
  togglePanel = () => logger.warn('[ControlBar] togglePanel not provided'),
  resourceCount = 0,
  pollCount = 0,
  unreadCount = 0,
  isMuted = false,
  isCameraOff = false,
  hasAudio = true,
  hasVideo = true,
  handRaised = false,
  onToggleMute,
  onToggleCamera,
  onToggleHand,
  onLeave,
}) {
  const panelProps = { activePanel, togglePanel };
  return (
    <nav
      aria-label="Conference controls"
      className="flex flex-wrap items-center justify-center gap-2 border-t border-gray-700 bg-gray-800 px-4 py-3 sm:gap-3"
    >
      <ControlButton label={isMuted ? 'Unmute' : 'Mute'} onClick={onToggleMute} pressed={isMuted} disabled={!hasAudio}>
        {isMuted ? <MicOff size={20} /> : <Mic size={20} />}
      </ControlButton>
      <ControlButton
        label={isCameraOff ? 'Turn camera on' : 'Turn camera off'}
        onClick={onToggleCamera}
        pressed={isCameraOff}
        disabled={!hasVideo}
      >
        {isCameraOff ? <VideoOff size={20} /> : <Video size={20} />}
      </ControlButton>
      <ControlButton label={handRaised ? 'Lower hand' : 'Raise hand'} onClick={onToggleHand} active={handRaised} pressed={handRaised}>
        <Hand size={20} />
      </ControlButton>

      {isCoach ? (
        <PanelButton panel="resources" label="Resources" icon={FileText} count={resourceCount} badgeTestId="resource-count-badge" {...panelProps} />
      ) : (
        <PanelButton panel="resources" label="Shared files" icon={FolderOpen} count={resourceCount} badgeTestId="shared-files-badge" {...panelProps} />
      )}
      <PanelButton panel="polls" label="Polls" icon={BarChart3} count={pollCount} badgeTestId="poll-count-badge" {...panelProps} />
      <PanelButton panel="chat" label="Chat" icon={MessageSquare} count={unreadCount} badgeTestId="chat-unread-badge" {...panelProps} />
      <PanelButton panel="participants" label="Participants" icon={Users} {...panelProps} />

      <ControlButton label="Leave" onClick={onLeave} danger>
        <PhoneOff size={20} />
      </ControlButton>
      {isHost && <EndSessionControl onEndSession={onEndSession} ending={ending} />}
    </nav>
  );
}
