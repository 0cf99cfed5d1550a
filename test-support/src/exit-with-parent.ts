/**
 * Preloaded (`node --import`) into a platform spawned with `stopWithParent`: when the parent's end
 * of stdin closes, because the parent exited or was SIGKILLed, the platform gets SIGTERM and shuts
 * down as it would on Ctrl+C, instead of simulating thousands of devices on a machine nobody watches.
 */
const stopWith = (why: string) => () => {
  process.stderr.write(`kendali: ${why}, stopping\n`);
  process.kill(process.pid, 'SIGTERM');
};
process.stdin.on('end', stopWith('the process that started it closed stdin'));
process.stdin.on('error', stopWith('stdin failed'));
process.stdin.resume();
