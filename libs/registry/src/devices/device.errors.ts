import { EdgeplaneError } from '@edgeplane/contracts';

export class DeviceNotFoundError extends EdgeplaneError {
  constructor(id: string) {
    super('not_found', 'device.not_found', `No device with id ${id}.`);
  }
}

export class DeviceNameTakenError extends EdgeplaneError {
  constructor(name: string) {
    super(
      'conflict',
      'device.name_taken',
      `A device named "${name}" exists already (decommissioned devices keep their names); choose another name.`,
    );
  }
}

export class DeviceDecommissionedError extends EdgeplaneError {
  constructor(id: string) {
    super(
      'conflict',
      'device.decommissioned',
      `Device ${id} is decommissioned and read-only; provision a new device instead.`,
    );
  }
}

export class InvalidCursorError extends EdgeplaneError {
  constructor(reason: string) {
    super('invalid', 'pagination.invalid_cursor', `cursor: ${reason}; start again without a cursor.`);
  }
}
