/**
 * What a member of the public reads for each kind of refusal, instead of the server's English details. Pages
 * add their own (NOT_FOUND and CONFLICT mean something different on each). RATE_LIMITED is the server's own
 * words, which name the limit.
 */
export const PUBLIC_EXPLAIN: Partial<Record<string, string>> = {
  VALIDATION_FAILED: '请按各栏下方的红色提示修改后再提交。',
  NETWORK: '无法连接到服务器，请检查网络后重试。',
  UNAVAILABLE: '系统暂时繁忙，请稍后再试。',
  DEADLINE_EXCEEDED: '系统暂时繁忙，请稍后再试。',
  INTERNAL: '系统出现问题，请稍后再试。',
};

/** Said after a refusal on a public form: nothing typed is lost by it. */
export const KEPT_NOTE = '已填写的内容不会丢失。';
