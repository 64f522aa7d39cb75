import { Module } from '@nestjs/common';
import { FormsResolver } from './forms.resolver';
import { FormsService } from './forms.service';

/** A person's own risk form and its drafts (R09, R10). */
@Module({
  providers: [FormsResolver, FormsService],
  exports: [FormsService],
})
export class FormsModule {}
