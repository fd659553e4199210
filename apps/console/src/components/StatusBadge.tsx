/**
 * A status as a word with a colour: the word carries the meaning (colour alone fails users who
 * cannot tell the colours apart), the colour lets the eye find the odd one in a long table.
 */
const TONE: Record<string, 'good' | 'bad' | 'busy' | 'quiet'> = {
  online: 'good',
  active: 'good',
  accepted: 'good',
  completed: 'good',
  converged: 'good',
  not_converged: 'busy',
  passed: 'good',
  pass: 'good',
  offline: 'bad',
  failed: 'bad',
  rejected: 'bad',
  rolled_back: 'bad',
  timed_out: 'bad',
  aborted: 'bad',
  fail: 'bad',
  applying: 'busy',
  baking: 'busy',
  running: 'busy',
  queued: 'busy',
  compiling: 'busy',
  verifying: 'busy',
  downloading: 'busy',
  rolling_back: 'busy',
};

export function StatusBadge({ status }: { status: string }) {
  const tone = TONE[status] ?? 'quiet';
  return <span className={`badge badge-${tone}`}>{status.replaceAll('_', ' ')}</span>;
}
