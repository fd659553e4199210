import { EdgeplaneError } from '@edgeplane/contracts';

export class UnknownModelError extends EdgeplaneError {
  constructor(model: string) {
    super('not_found', 'model.not_found', `no model named ${model} is assigned to this device; GET /v1/models lists the served ones`);
  }
}

export class ModelNotReadyError extends EdgeplaneError {
  constructor(model: string) {
    super('unavailable', 'model.not_ready', `model ${model} is assigned but no variant of it is active yet; retry once it is downloaded and loaded`);
  }
}

export class InvalidInputError extends EdgeplaneError {
  constructor(problem: string) {
    super('invalid', 'predict.invalid_input', problem);
  }
}

export class PredictionFailedError extends EdgeplaneError {
  constructor(model: string, variantId: string, reason: string) {
    super('unavailable', 'predict.failed', `model ${model} (variant ${variantId}) failed to run: ${reason}`);
  }
}
