/** What a viewer sees instead of the write controls: that they exist, and what they need. */
export function OperatorOnlyNote({ what }: { what: string }) {
  return <p className="notice notice-info">{what} needs an operator key; this key can only look.</p>;
}
