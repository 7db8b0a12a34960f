import { Hand } from 'lucide-react';

const ROLE_STYLES = {
  coach: 'bg-blue-900 text-blue-200',
  participant: 'bg-gray-600 text-gray-200',
};

function ParticipantItem({ participant, isSelf }) {
  const { name, role, handRaised, isActive } = participant;
  return (
    <li data-testid="participant-item" className="flex items-center gap-3 rounded-lg bg-gray-700 px-3 py-2">
      <span
        className={`h-2 w-2 shrink-0 rounded-full ${isActive ? 'bg-green-500' : 'bg-gray-500'}`}
        title={isActive ? 'Active' : 'Away'}
        aria-label={isActive ? 'Active' : 'Away'}
        role="img"
      />
      <span className="min-w-0 flex-1 truncate text-sm text-white">
        {name}
        {isSelf && <span className="text-gray-400"> (you)</span>}
      </span>
      {handRaised && <Hand size={16} className="text-yellow-400" aria-label="Hand raised" />}
      <span className={`rounded px-2 py-0.5 text-xs ${ROLE_STYLES[role] ?? ROLE_STYLES.participant}`}>{role ?? 'participant'}</span>
    </li>
  );
}

/** Who is here, with roles, raised hands and whether their tab is in front. Raised hands first. */
export default function ParticipantsPanel({ self, participants }) {
  const others = [...participants].sort((a, b) => Number(b.handRaised) - Number(a.handRaised));
  return (
    <ul className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto p-4" aria-label="Participants list">
      <ParticipantItem participant={self} isSelf />
      {others.map((p) => (
        <ParticipantItem key={p.socketId ?? p.userId} participant={p} isSelf={false} />
      ))}
    </ul>
  );
}
