import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AccuracyBudget, BUILT_IN_HARDWARE_PROFILES, HardwareProfileSpec } from '@edgeplane/contracts';
import {
  HardwareProfileData,
  HardwareProfileRepository,
  HardwareProfileRow,
  isForeignKeyViolation,
  isUniqueViolation,
} from '@edgeplane/persistence';
import { CreateHardwareProfileDto } from './dto/create-hardware-profile.dto';
import { HardwareProfileDto } from './dto/hardware-profile.dto';
import { UpdateHardwareProfileDto } from './dto/update-hardware-profile.dto';
import {
  BuiltInHardwareProfileError,
  HardwareProfileInUseError,
  HardwareProfileNameTakenError,
  HardwareProfileNotFoundError,
} from './hardware-profile.errors';
import { assertConsistent } from './hardware-profile.rules';

@Injectable()
export class HardwareProfilesService implements OnApplicationBootstrap {
  constructor(private readonly profiles: HardwareProfileRepository) {}

  /** Built-in profiles are product constants: each start writes the definitions of this release. */
  async onApplicationBootstrap(): Promise<void> {
    const builtIns = Object.values(BUILT_IN_HARDWARE_PROFILES).map((spec) => toData(spec, true));
    try {
      await this.profiles.upsertAll(builtIns);
    } catch (error) {
      // A replica starting at the same moment inserted the same rows first; they are identical.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async list(): Promise<HardwareProfileDto[]> {
    return (await this.profiles.list()).map(toDto);
  }

  async get(name: string): Promise<HardwareProfileDto> {
    return toDto(await this.require(name));
  }

  async create(body: CreateHardwareProfileDto): Promise<HardwareProfileDto> {
    const { name, class: hardwareClass, ...fields } = body;
    const spec = { ...BUILT_IN_HARDWARE_PROFILES[hardwareClass], ...defined(fields), name };
    assertConsistent(spec);
    try {
      return toDto(await this.profiles.create(toData(spec, false)));
    } catch (error) {
      if (isUniqueViolation(error)) throw new HardwareProfileNameTakenError(name);
      throw error;
    }
  }

  async update(name: string, body: UpdateHardwareProfileDto): Promise<HardwareProfileDto> {
    const current = await this.requireCustom(name);
    const spec = { ...toSpec(current), ...defined(body) };
    assertConsistent(spec);
    const { name: _name, class: _class, ...changes } = toData(spec, false);
    return toDto(await this.profiles.update(name, changes));
  }

  async delete(name: string): Promise<void> {
    await this.requireCustom(name);
    const devices = await this.profiles.countDevices(name);
    if (devices > 0) throw new HardwareProfileInUseError(name, devices);
    try {
      await this.profiles.delete(name);
    } catch (error) {
      // A device was assigned between the count and the delete.
      if (isForeignKeyViolation(error)) throw new HardwareProfileInUseError(name, await this.profiles.countDevices(name));
      throw error;
    }
  }

  /** The profile, or a not-found error listing the names that do exist. */
  async require(name: string): Promise<HardwareProfileRow> {
    const row = await this.profiles.findByName(name);
    if (row) return row;
    const known = (await this.profiles.list()).map((profile) => profile.name);
    throw new HardwareProfileNotFoundError(name, known);
  }

  private async requireCustom(name: string): Promise<HardwareProfileRow> {
    const row = await this.require(name);
    if (row.builtIn) throw new BuiltInHardwareProfileError(name);
    return row;
  }
}

/** Drops fields the client left out, so that they do not overwrite inherited values. */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function toData(spec: HardwareProfileSpec, builtIn: boolean): HardwareProfileData {
  return {
    ...spec,
    builtIn,
    operatorAllowlist: spec.operatorAllowlist ?? [],
    maxModelBytes: BigInt(spec.maxModelBytes),
    accuracyBudget: { ...spec.accuracyBudget },
  };
}

function toSpec(row: HardwareProfileRow): HardwareProfileSpec {
  return {
    name: row.name,
    class: row.class,
    description: row.description,
    precision: row.precision,
    quantization: row.quantization,
    scaleConstraint: row.scaleConstraint,
    runtime: 'onnxruntime',
    executionProviders: row.executionProviders,
    operatorAllowlist: row.operatorAllowlist.length > 0 ? row.operatorAllowlist : null,
    maxModelBytes: Number(row.maxModelBytes),
    accuracyBudget: row.accuracyBudget as unknown as AccuracyBudget,
  };
}

function toDto(row: HardwareProfileRow): HardwareProfileDto {
  return {
    ...toSpec(row),
    builtIn: row.builtIn,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
