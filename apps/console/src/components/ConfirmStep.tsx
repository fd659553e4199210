import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A destructive action in two steps: the first button asks, the second ("Yes, …") does it. Focus
 * moves to the question so a keyboard user hears what is at stake, and back when they keep things.
 */
export function ConfirmStep({
  action,
  confirm,
  question,
  busy,
  onConfirm,
  danger = true,
}: {
  /** The first button's text, e.g. "Decommission device". */
  action: string;
  /** The second button's text, e.g. "Yes, decommission cam-1". */
  confirm: string;
  /** What will happen, in a sentence. */
  question: ReactNode;
  busy: boolean;
  onConfirm: () => void;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const actionRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) questionRef.current?.focus();
    else if (wasAsking.current) actionRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" ref={actionRef} className={danger ? 'button-danger' : undefined} onClick={() => setAsking(true)}>
        {action}
      </button>
    );
  }
  return (
    <div className="confirm-step" role="group" aria-label={action}>
      <p tabIndex={-1} ref={questionRef}>
        {question}
      </p>
      <button
        type="button"
        className={danger ? 'button-danger' : undefined}
        disabled={busy}
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
      >
        {confirm}
      </button>
      <button type="button" className="button-quiet" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
