/**
 * Where a viewer's key meets a write action: the page says what would need a higher key instead of
 * offering a button the API would refuse. `what` names the action(s), e.g. "Uploading a model".
 */
export function OperatorOnlyNote({ what, plural = false }: { what: string; plural?: boolean }) {
  return (
    <p className="hint">
      {what} {plural ? 'need' : 'needs'} an operator key; this key can only look.
    </p>
  );
}
