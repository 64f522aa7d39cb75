export * from './config';
export * from './data-source';
export * from './campaign.repository';
export * from './entities/campaign.entity';
export * from './entities/person.entity';
export * from './entities/role-assignment.entity';
