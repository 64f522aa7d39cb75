import { Logger } from '@nestjs/common';
import { ApplicationFailure, ActivityFailure, RetryState } from '@temporalio/common';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode } from '@pirm/domain';
import { domainErrorFromFailure, rejection, rejectionOf } from '@pirm/contracts';
import { formatGraphQLError } from '../../../apps/gateway/src/errors/format-error';
import { thenSay, userMessageOf } from '../../../apps/web/src/lib/errors';

const CJK = /\p{Script=Han}/u;
const notOpen = new DomainError(ErrorCode.CONFLICT, {
  en: 'Mobilisation is not open for this unit.',
  zh: '该单位不在动员学习阶段，不能登记动员部署记录',
});

/** Every refusal is said twice: English for developers (`message`), Chinese for the person (`userMessage`). */
describe('a refusal carries its Chinese for the person beside its English', () => {
  it('DomainError.validation says 填写有误 with the field errors’ own Chinese, each once', () => {
    const error = DomainError.validation([
      { field: 'reason', reason: 'is required', message: '必填' },
      { field: 'steps[0]', reason: 'is not a reviewer role', message: '不是可选的审核角色' },
      { field: 'steps[2]', reason: 'is not a reviewer role', message: '不是可选的审核角色' },
    ]);
    expect(error.userMessage).toBe('填写有误：必填；不是可选的审核角色');
    expect(error.message).toBe(
      'Invalid input: reason: is required; steps[0]: is not a reviewer role; steps[2]: is not a reviewer role',
    );
    expect(DomainError.validation([{ field: 'x', reason: 'y', message: '不能为空' }], 'Invalid action.').message).toBe(
      'Invalid action.',
    );
  });

  it('keeps the Chinese across a workflow’s ApplicationFailure, also when wrapped in an activity failure', () => {
    const back = domainErrorFromFailure(rejection(notOpen.code, { en: notOpen.message, zh: notOpen.userMessage }));
    expect(back).toMatchObject({ code: 'CONFLICT', message: notOpen.message, userMessage: notOpen.userMessage });

    const invalid = DomainError.validation([{ field: 'reason', reason: 'is required', message: '必填' }], 'Invalid.');
    const wrapped = new ActivityFailure(
      'failed',
      'renderExport',
      '1',
      RetryState.NON_RETRYABLE_FAILURE,
      'worker',
      rejectionOf(invalid),
    );
    expect(domainErrorFromFailure(wrapped)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Invalid.',
      userMessage: '填写有误：必填',
      fieldErrors: invalid.fieldErrors,
    });
  });

  it('reads a failure from before the Chinese travelled in its details with a general Chinese one', () => {
    const old = ApplicationFailure.create({ type: 'CONFLICT', message: 'The case is closed.', details: [[]] });
    expect(domainErrorFromFailure(old)?.userMessage).toMatch(CJK);
  });
});

describe('the one error mapping adds extensions.userMessage to every error, and message stays English', () => {
  const format = (error: unknown, message = 'x') => formatGraphQLError({ message }, error);

  it('a coded domain error: its own Chinese', () => {
    const out = format(new GraphQLError(notOpen.message, { originalError: notOpen }));
    expect(out.message).toBe('Mobilisation is not open for this unit.');
    expect(out.extensions).toEqual({ code: 'CONFLICT', userMessage: notOpen.userMessage });
  });

  it('request errors, an unreachable database and internal errors: a general Chinese one', () => {
    const request = formatGraphQLError(
      { message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
      new GraphQLError('Syntax Error'),
    );
    expect(request).toMatchObject({ message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(request.extensions?.userMessage).toMatch(CJK);

    const down = format(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(down.extensions).toMatchObject({ code: 'UNAVAILABLE', userMessage: expect.stringMatching(CJK) });

    // Anything uncoded is INTERNAL; its Chinese carries the id the log has, for whoever is asked to look.
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const internal = format(new Error('relation "x" does not exist')).extensions as Record<string, string>;
    expect(internal.code).toBe('INTERNAL');
    expect(internal.userMessage).toMatch(CJK);
    expect(internal.userMessage).toContain(internal.errorId);
  });
});

describe('the console says the server’s Chinese, not its English', () => {
  it('userMessageOf picks extensions.userMessage, else the message (an older gateway, no answer at all)', () => {
    const refused = {
      message: `[GraphQL] ${notOpen.message}`,
      graphQLErrors: [{ message: notOpen.message, extensions: { code: 'CONFLICT', userMessage: notOpen.userMessage } }],
    };
    expect(userMessageOf(refused)).toBe(notOpen.userMessage);
    expect(userMessageOf({ message: '[GraphQL] Forbidden', graphQLErrors: [{ message: 'Forbidden' }] })).toBe(
      'Forbidden',
    );
    expect(userMessageOf({ message: '[Network] Failed to fetch', graphQLErrors: [] })).toBe(
      '[Network] Failed to fetch',
    );
    expect(userMessageOf(undefined)).toBeUndefined();
  });

  it('a public form’s note follows the refusal as a sentence of its own', () => {
    const kept = '已填写的内容不会丢失。';
    expect(thenSay('该单位不在本次活动中', kept)).toBe('该单位不在本次活动中。已填写的内容不会丢失。');
    expect(thenSay('请等待一分钟后再试。', kept)).toBe('请等待一分钟后再试。已填写的内容不会丢失。');
    expect(thenSay('Forbidden.', kept)).toBe('Forbidden.已填写的内容不会丢失。');
    expect(thenSay('该单位不在本次活动中', undefined)).toBe('该单位不在本次活动中');
    expect(thenSay(undefined, kept)).toBe(kept);
  });
});
