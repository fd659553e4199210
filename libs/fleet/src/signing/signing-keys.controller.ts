import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SigningKeysView } from '@edgeplane/contracts';
import { RequireRole } from '@edgeplane/auth';
import { SigningKeyring } from './signing-keyring';

@ApiTags('signing-keys')
@Controller('signing-keys')
export class SigningKeysController {
  constructor(private readonly keyring: SigningKeyring) {}

  @Get()
  @RequireRole('operator')
  @ApiOperation({
    summary: "The public halves of the controller's variant signing keys, and the agents' trust file trusting them.",
    description:
      'Write `trustFile` to each device as its EDGEPLANE_AGENT_TRUSTED_KEYS_FILE. During a key rotation it holds the old ' +
      'and the new key; after the old key file is removed from the controller, it no longer lists it.',
  })
  @ApiOkResponse({ description: 'SigningKeysView (libs/contracts).' })
  list(): SigningKeysView {
    const keys = this.keyring.list().map((key) => ({
      keyId: key.keyId,
      algorithm: 'ed25519' as const,
      active: key === this.keyring.active,
      publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    }));
    return { activeKeyId: this.keyring.active.keyId, keys, trustFile: Object.fromEntries(keys.map((key) => [key.keyId, key.publicKeyPem])) };
  }
}
