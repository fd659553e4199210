import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';
import { AccuracyBudget } from '@edgeplane/contracts';

export class AccuracyBudgetDto implements AccuracyBudget {
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.999, description: 'Lowest mean output cosine similarity.' })
  @IsNumber()
  @Min(0)
  @Max(1)
  minCosine!: number;

  @ApiProperty({ minimum: 0, maximum: 1, example: 0.99, description: 'Lowest top-1 agreement for classifiers.' })
  @IsNumber()
  @Min(0)
  @Max(1)
  minTop1Agreement!: number;
}
