/**
 * Preloaded (`node --import`) into a platform the bench spawns: when the bench's end of stdin
 * closes, because the bench exited or was SIGKILLed, the platform gets SIGTERM and shuts down as
 * it would on Ctrl+C, instead of simulating thousands of devices on a machine nobody watches.
 */
const stopWith = (why: string) => () => {
  process.stderr.write(`kendali (bench): ${why}, stopping\n`);
  process.kill(process.pid, 'SIGTERM');
};
process.stdin.on('end', stopWith('the bench closed stdin'));
process.stdin.on('error', stopWith('stdin failed'));
process.stdin.resume();
