import type { Provider } from '@nestjs/common';
import { ReviewRepository } from '@pirm/persistence';
import { DATA_SOURCE } from '../providers';

/** The review's repositories, built on the gateway's one DataSource (to join the persistence module's list at merge). */
export const REVIEW_REPOSITORIES: Provider[] = [
  { provide: ReviewRepository, inject: [DATA_SOURCE], useFactory: (ds: ConstructorParameters<typeof ReviewRepository>[0]) => new ReviewRepository(ds) },
];
