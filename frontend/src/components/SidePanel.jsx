import { X } from 'lucide-react';

// The frame every conference panel shares: a dark column on wide screens, a full-width sheet on phones.
export default function SidePanel({ title, onClose, hidden = false, children }) {
  return (
    <aside
      aria-label={title}
      // A `hidden` attribute would lose to Tailwind's `flex` utility, so toggle the display class itself.
      className={`${hidden ? 'hidden' : 'flex'} w-full flex-col border-l border-gray-700 bg-gray-800 md:w-96`}
    >
      <header className="flex items-center justify-between border-b border-gray-700 px-4 py-3">
        <h2 className="text-sm font-semibold text-white">{title}</h2>
        <button
          type="button"
          onClick={onClose}
          aria-label={`Close ${title}`}
          className="rounded p-1 text-gray-400 hover:bg-gray-700 hover:text-white"
        >
          <X size={18} />
        </button>
      </header>
      <div className="flex min-h-0 flex-1 flex-col">{children}</div>
    </aside>
  );
}
