import { status } from '@grpc/grpc-js';
import { WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError, type Client } from '@temporalio/client';
import { DomainError, ErrorCode } from '@pirm/domain';
import { domainErrorFromFailure } from '@pirm/contracts';
import { temporalCallDuration } from '../observability/metrics';

/** The gRPC status of an error or of any error in its `cause` chain. */
function grpcStatusOf(err: unknown): number | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e)) return e.code;
  }
  return undefined;
}

/**
 * Runs a Temporal call under a deadline so that a GraphQL request never hangs on a missing worker or server,
 * and turns transport failures and workflow rejections into coded errors.
 */
export async function callTemporal<T>(client: Client, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const end = temporalCallDuration.startTimer();
  try {
    const result = await client.withDeadline(deadline, fn);
    end({ outcome: 'OK' });
    return result;
  } catch (err) {
    const grpc = grpcStatusOf(err);
    // A gRPC status by name, or REJECTED for an update the workflow refused (its validator or its handler).
    end({ outcome: grpc === undefined ? 'REJECTED' : status[grpc] });
    const rejected = domainErrorFromFailure(err);
    if (rejected) throw rejected;
    const code = grpcStatusOf(err);
    // The deadline surfaces in several shapes (DEADLINE_EXCEEDED, a cancelled update or query call): once it
    // has passed, whatever failed, the answer is that the service did not answer in time.
    if (
      code === status.DEADLINE_EXCEEDED ||
      err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
      Date.now() >= deadline
    ) {
      throw new DomainError(ErrorCode.DEADLINE_EXCEEDED, {
        en: `The workflow service did not answer within ${timeoutMs} ms; retry later.`,
        zh: '流程服务响应超时，请稍后重试',
      });
    }
    if (code === status.UNAVAILABLE) {
      throw new DomainError(ErrorCode.UNAVAILABLE, {
        en: 'The workflow service is unreachable; retry later.',
        zh: '流程服务暂时无法连接，请稍后重试',
      });
    }
    throw err;
  }
}
