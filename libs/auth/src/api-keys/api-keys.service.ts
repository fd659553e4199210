import { Injectable } from '@nestjs/common';
import { ApiKeyRole, ApiKeyView, CreatedApiKeyView } from '@edgeplane/contracts';
import { ApiKeyRepository, ApiKeyRow, isUniqueViolation } from '@edgeplane/persistence';
import { hashSecret, newSecretToken } from '@edgeplane/platform';
import { ApiKeyNameTakenError, ApiKeyNotFoundError, LastAdminKeyError } from '../auth.errors';
import { AuthenticatedKey } from '../guard/authenticated-key';

// Shown in listings so people can tell keys apart: "epk_" plus 6 random characters (36 bits).
const VISIBLE_PREFIX_LENGTH = 10;
// lastUsedAt is informative; writing it on every request would turn reads into writes.
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(private readonly keys: ApiKeyRepository) {}

  /** Creates a key; `token` lets the bootstrap path install a token chosen by the operator. */
  async create(
    name: string,
    role: ApiKeyRole,
    createdById: string | null,
    token = newSecretToken('epk'),
  ): Promise<CreatedApiKeyView> {
    try {
      const row = await this.keys.create({
        name,
        role,
        prefix: token.slice(0, VISIBLE_PREFIX_LENGTH),
        secretHash: hashSecret(token),
        createdById,
      });
      return { ...toView(row), token };
    } catch (error) {
      if (isUniqueViolation(error, 'name')) throw new ApiKeyNameTakenError(name);
      throw error;
    }
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.keys.list()).map(toView);
  }

  async get(id: string): Promise<ApiKeyView> {
    const row = await this.keys.findById(id);
    if (!row) throw new ApiKeyNotFoundError(id);
    return toView(row);
  }

  async revoke(id: string): Promise<ApiKeyView> {
    await this.get(id);
    if ((await this.keys.revoke(id, new Date())) === 'last-admin') throw new LastAdminKeyError();
    return this.get(id);
  }

  /** The active key a bearer token belongs to, or null. */
  async authenticate(token: string): Promise<AuthenticatedKey | null> {
    const row = await this.keys.findActiveBySecretHash(hashSecret(token));
    if (!row) return null;
    // The row in hand says whether lastUsedAt is stale: most requests need no second query.
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.keys.touch(row.id, now, LAST_USED_RESOLUTION_MS);
    }
    return { id: row.id, name: row.name, role: row.role };
  }

  async hasActiveAdmin(): Promise<boolean> {
    return (await this.keys.countActive('admin')) > 0;
  }
}

function toView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
