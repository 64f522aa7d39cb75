// Keeps a child process of `npm start` running: a crash is restarted after a growing pause, and only a child
// that keeps crashing stops the whole service (issue 16: a killed worker must not take the gateway down).
const { spawn } = require('node:child_process');

/** Restart policy: pauses of 1 s, 2 s, 4 s … up to `maxDelayMs`; give up after `maxCrashes` within `windowMs`. */
const RESTART_POLICY = { firstDelayMs: 1_000, maxDelayMs: 30_000, maxCrashes: 5, windowMs: 120_000 };

/**
 * What to do after a crash at `now`, given the earlier crash times: restart after a delay, or give up.
 * Pure, so that the policy is tested without processes.
 */
function afterCrash(crashes, now, policy = RESTART_POLICY) {
  const recent = [...crashes.filter((t) => now - t < policy.windowMs), now];
  if (recent.length >= policy.maxCrashes) return { giveUp: true, recent };
  const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (recent.length - 1));
  return { giveUp: false, delayMs, recent };
}

/** How long `stop()` waits after SIGTERM before it kills (the Temporal server drains for a while). */
const STOP_GRACE_MS = 20_000;

/**
 * Runs `node script` (or `script` = `[command, ...args]`) with its output prefixed by `[name]`. `shuttingDown()`
 * tells whether the whole service is stopping. `onGiveUp(message)` is called once the child crashed
 * too often. Returns `stop()`, which ends the child (and any pending restart) and waits for it.
 */
function supervise(name, script, env, { log, onGiveUp, policy = RESTART_POLICY, shuttingDown = () => false }) {
  let child;
  let stopping = false;
  let crashes = [];
  let restartTimer;
  let exited = Promise.resolve();

  const start = () => {
    const [command, args] = Array.isArray(script) ? [script[0], script.slice(1)] : [process.execPath, [script]];
    child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    log(`${name} started (pid ${child.pid})`);
    const prefix = (stream, out) =>
      stream.on('data', (buf) => {
        for (const line of String(buf).split('\n')) if (line) out.write(`[${name}] ${line}\n`);
      });
    prefix(child.stdout, process.stdout);
    prefix(child.stderr, process.stderr);
    exited = new Promise((resolve) => child.once('exit', resolve));
    child.once('exit', (code, signal) => {
      // Ctrl-C reaches the whole process group: a child that exits while everything stops is not restarted.
      if (stopping || shuttingDown()) return;
      const next = afterCrash(crashes, Date.now(), policy);
      crashes = next.recent;
      const how = signal ?? `code ${code}`;
      if (next.giveUp) {
        onGiveUp(
          `${name} exited (${how}) for the ${crashes.length}th time within ${policy.windowMs / 1000} s; giving up`,
        );
        return;
      }
      log(`${name} exited (${how}); restarting it in ${next.delayMs / 1000} s`);
      restartTimer = setTimeout(start, next.delayMs);
    });
  };
  start();

  return {
    get pid() {
      return child.pid;
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

module.exports = { RESTART_POLICY, afterCrash, supervise };
