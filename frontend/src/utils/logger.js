// Console logger in the seeds' style: `logger.info('[Component] What happened', { context })`.
// Quiet under vitest (MODE 'test') so test output shows failures, not event traces; VITE_LOG_LEVEL
// ('debug' | 'info' | 'warn' | 'error' | 'silent') overrides the default.
const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'];

const defaultLevel = import.meta.env.MODE === 'test' ? 'silent' : import.meta.env.DEV ? 'debug' : 'info';
const threshold = LEVELS.indexOf(import.meta.env.VITE_LOG_LEVEL ?? defaultLevel);

const write = (level) => (message, context) => {
  if (LEVELS.indexOf(level) < threshold) return;
  const args = context === undefined ? [message] : [message, context];
  console[level === 'debug' ? 'log' : level](...args);
};

const logger = {
  debug: write('debug'),
  info: write('info'),
  warn: write('warn'),
  error: write('error'),
};

export default logger;
