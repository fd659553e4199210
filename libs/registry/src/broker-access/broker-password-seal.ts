import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals a device secret for the short time between the registry's commit and the broker's
 * acknowledgement (AES-256-GCM).
 *
 * Why a secret is kept at all: the registry keeps only a SHA-256 of each device secret, and Mosquitto's
 * dynamic-security plugin accepts only the plaintext password (it salts and hashes it itself), so the
 * broker must be given the secret while it is known. When the broker is down, or the process dies
 * between the database commit and the broker command, the secret would be lost and the device locked
 * out; so it waits, sealed, on its credential row and is erased once the broker has it.
 *
 * The key is derived from the controller's own broker password: whoever has that password can already
 * set any client's password on the broker, so the key gives them nothing more, and a copy of the
 * database alone reveals no secret. Changing the controller's password makes the passwords still
 * waiting unreadable: those devices need their credentials re-issued (the sync says which).
 */
export class BrokerPasswordSeal {
  private readonly key: Buffer;

  constructor(controllerPassword: string) {
    this.key = Buffer.from(hkdfSync('sha256', controllerPassword, 'edgeplane', 'broker-password-seal v1', 32));
  }

  seal(secret: string): Uint8Array<ArrayBuffer> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return new Uint8Array(Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]));
  }

  /** The secret; throws when the seal was made with another key or was altered. */
  open(sealed: Uint8Array): string {
    const bytes = Buffer.from(sealed);
    if (bytes[0] !== VERSION) throw new Error(`unknown seal version ${bytes[0]}`);
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
