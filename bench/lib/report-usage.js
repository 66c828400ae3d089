// Preloaded into a benchmarked child (`node --import …/report-usage.js`): on exit it appends the
// process's own CPU time and peak memory to the file named by CALLGUARD_BENCH_USAGE, because Node
// cannot read a child's resource usage from the parent.
import { appendFileSync } from 'node:fs';

const file = process.env.CALLGUARD_BENCH_USAGE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    // userCPUTime / systemCPUTime in µs, maxRSS in KiB (getrusage).
    appendFileSync(file, `${JSON.stringify({ userUs: u.userCPUTime, systemUs: u.systemCPUTime, maxRssKiB: u.maxRSS })}\n`);
  });
}
