import { ApiKeyRole, EdgeplaneError } from '@edgeplane/contracts';

export class MissingCredentialsError extends EdgeplaneError {
  constructor() {
    super(
      'unauthenticated',
      'auth.missing_key',
      'This route needs an API key: send "Authorization: Bearer epk_…".',
    );
  }
}

export class InvalidApiKeyError extends EdgeplaneError {
  constructor() {
    super(
      'unauthenticated',
      'auth.invalid_key',
      'The API key is unknown or revoked. Ask an admin for a new one (POST /api/v1/api-keys).',
    );
  }
}

export class InvalidDeviceCredentialsError extends EdgeplaneError {
  constructor() {
    super(
      'unauthenticated',
      'auth.invalid_device_credentials',
      'The device id and secret do not match an active credential (re-issued, or the device is decommissioned).',
    );
  }
}

export class InsufficientRoleError extends EdgeplaneError {
  constructor(held: ApiKeyRole, required: ApiKeyRole) {
    super(
      'forbidden',
      'auth.insufficient_role',
      `This action needs the ${required} role; your API key has the ${held} role.`,
      { requiredRole: required, role: held },
    );
  }
}

export class UndeclaredRoleError extends EdgeplaneError {
  constructor(route: string) {
    super('forbidden', 'auth.route_without_role', `Route ${route} declares no required role; refusing.`);
  }
}

export class ApiKeyNotFoundError extends EdgeplaneError {
  constructor(id: string) {
    super('not_found', 'api_key.not_found', `No API key with id ${id}.`);
  }
}

export class ApiKeyNameTakenError extends EdgeplaneError {
  constructor(name: string) {
    super('conflict', 'api_key.name_taken', `An API key named "${name}" exists already; choose another name.`);
  }
}

export class LastAdminKeyError extends EdgeplaneError {
  constructor() {
    super(
      'conflict',
      'api_key.last_admin',
      'This is the last active admin key; create another admin key before revoking it.',
    );
  }
}
