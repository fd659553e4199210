import { EdgeplaneError } from '@edgeplane/contracts';

/** Why an assignment's signature was refused; each has its own code and reported reason. */
export type SignatureRefusal = 'unsigned' | 'untrusted_key' | 'bad_signature' | 'other_variant' | 'other_bytes';

/**
 * An assignment the agent will not load because its signature does not vouch for it. The message is
 * the assignment's reported `reason`, starting `signature refused (<refusal>)` so operators and
 * rollouts can tell the cases apart.
 */
export class ArtifactSignatureError extends EdgeplaneError {
  constructor(
    readonly refusal: SignatureRefusal,
    detail: string,
  ) {
    super('forbidden', `artifact.signature.${refusal}`, `signature refused (${refusal.replaceAll('_', ' ')}): ${detail}`);
  }
}
