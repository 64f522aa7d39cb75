import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { ReviewResolver, ReviewTaskConnectionResolver, RiskFormGradeResolver } from './review.resolver';
import { ReviewService } from './review.service';

/** Submission and review of risk forms through their chains (R09, R12). */
@Module({
  imports: [FormsModule],
  providers: [ReviewResolver, ReviewTaskConnectionResolver, RiskFormGradeResolver, ReviewService],
  exports: [ReviewService],
})
export class ReviewModule {}
