/** One of the controller's signing keys, public half only. */
export interface SigningKeyView {
  /** Key id: the name agents' trust files give it, and each signature's `keyId`. */
  keyId: string;
  /** Always ed25519. */
  algorithm: 'ed25519';
  /** Whether it signs variants not signed yet. */
  active: boolean;
  /** The public key, SPKI PEM (what `openssl pkey -pubout` prints). */
  publicKeyPem: string;
}

/** The controller's signing keys, as `GET /api/v1/signing-keys` returns them. */
export interface SigningKeysView {
  /** The key that signs variants not signed yet. */
  activeKeyId: string;
  /** Every key the controller holds (and whose signatures it still hands out), the active one first. */
  keys: SigningKeyView[];
  /** The agents' trust file (EDGEPLANE_AGENT_TRUSTED_KEYS_FILE) trusting all of them: key id → PEM. */
  trustFile: Record<string, string>;
}
