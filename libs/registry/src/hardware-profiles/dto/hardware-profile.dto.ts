import { ApiProperty } from '@nestjs/swagger';
import {
  EXECUTION_PROVIDERS,
  HARDWARE_CLASSES,
  HardwareClass,
  HardwareProfileSpec,
  PRECISIONS,
  Precision,
  QUANTIZATION_SCHEMES,
  QuantizationScheme,
  SCALE_CONSTRAINTS,
  ScaleConstraint,
} from '@edgeplane/contracts';
import { AccuracyBudgetDto } from './accuracy-budget.dto';

export class HardwareProfileDto implements HardwareProfileSpec {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: HARDWARE_CLASSES }) class!: HardwareClass;
  @ApiProperty({ description: 'Defined by Edgeplane; read-only.' }) builtIn!: boolean;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: PRECISIONS }) precision!: Precision;
  @ApiProperty({ enum: QUANTIZATION_SCHEMES }) quantization!: QuantizationScheme;
  @ApiProperty({ enum: SCALE_CONSTRAINTS }) scaleConstraint!: ScaleConstraint;
  @ApiProperty({ enum: ['onnxruntime'] }) runtime!: 'onnxruntime';
  @ApiProperty({ type: [String], enum: EXECUTION_PROVIDERS }) executionProviders!: string[];
  @ApiProperty({ type: [String], nullable: true }) operatorAllowlist!: string[] | null;
  @ApiProperty() maxModelBytes!: number;
  @ApiProperty({ type: AccuracyBudgetDto }) accuracyBudget!: AccuracyBudgetDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
