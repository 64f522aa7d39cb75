import { GraphQLError } from 'graphql';
import { DomainError, type FieldError } from '@pirm/domain';
import { formatGraphQLError } from '../../../apps/gateway/src/errors/format-error';

describe('issue 17: the one error mapping hands clients field errors with their Chinese message', () => {
  it('puts field, reason and message of every field error in the extensions, and nothing else', () => {
    const withExtra = { field: 'steps[1]', reason: 'repeats DEPARTMENT_HEAD', message: '与前面的步骤重复', row: 3 };
    const error = new GraphQLError('x', { originalError: DomainError.validation([withExtra as FieldError]) });
    expect(formatGraphQLError({ message: 'x' }, error).extensions).toEqual({
      code: 'VALIDATION_FAILED',
      userMessage: '填写有误：与前面的步骤重复',
      fieldErrors: [{ field: 'steps[1]', reason: 'repeats DEPARTMENT_HEAD', message: '与前面的步骤重复' }],
    });
  });
});
