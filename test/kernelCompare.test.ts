import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KERNEL_POLICIES, KERNEL_WORKLOADS } from '../compare/KERNEL_RUNS';
import { kernelPlan } from '../compare/kernelPlan';
import { kernelResults, type KernelRun } from '../compare/KernelResults';
import { kernelRows } from '../compare/kernelTable';
import { POLICIES } from '../compare/POLICIES';
import { runPolicy, type RunLog } from '../compare/runPolicy';
import { kernelWorkload } from '../compare/kernelWorkload';
import { stressPhases, stressReport } from '../stress/stressReport';

const ROOT = join(__dirname, '..');
// Fewer redrawn hashes than the command's: these runs are the simulator's own, or far off.
const REDRAWS = 3;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'reuserps.js'), ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'reuserps-kcmp-'));
const file = (name: string, text: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

/** What compare/kernelReplay.c would print for a kernel that chose exactly as the simulator. */
function asKernelRun(log: RunLog, seed: number): KernelRun {
  const closeTick = log.workload.events.find((e) => e.kind === 'close')?.t ?? -1;
  return {
    workload: log.workload.name,
    policy: log.policy,
    seed,
    ticks: log.workload.ticks,
    counters: {},
    flows: log.conns.map((c) => ({
      cpu: c.cpu,
      placed: c.placed ?? -1,
      drop: c.drop === 'limit' ? 'limit' : c.drop === 'noListener' ? 'refused' : 'none',
      owner: c.owner ?? -1,
      accepted: c.accepted,
      resetTick: c.reset ? closeTick : -1,
    })),
  };
}

/** A run as the results file holds it: each flow an array. */
const wire = (r: KernelRun) => ({
  ...r,
  flows: r.flows.map((f) => [f.cpu, f.placed, f.drop, f.owner, f.accepted ? 1 : 0, f.resetTick]),
});

function simRun(name: string, policy: string): KernelRun {
  const w = kernelWorkload(name, 1);
  const p = POLICIES.find((x) => x.name === policy);
  if (w === null || p === undefined) throw new Error('no such run');
  return asKernelRun(runPolicy(p, w, 'rss'), 1);
}

test('the plan holds every kernel policy over each kernel workload, with each SYN on its CPU', (t) => {
  const plan = kernelPlan(1, ['restart']).split('\n');
  const runs = plan.filter((l) => l.startsWith('run '));
  t.deepEqual(
    runs.map((l) => l.split(' ')[2]),
    [...KERNEL_POLICIES],
  );
  const w = kernelWorkload('restart', 1);
  const syns = w?.events.filter((e) => e.kind === 'syn') ?? [];
  t.is(plan.filter((l) => / syn /.test(l)).length, syns.length * KERNEL_POLICIES.length);
  // The restart: listener 1 closes at 150 and listens at 250, in every run.
  t.is(plan.filter((l) => l === 'e 150 close 1').length, KERNEL_POLICIES.length);
  t.is(plan.filter((l) => l === 'e 250 listen 1').length, KERNEL_POLICIES.length);
  t.true(KERNEL_WORKLOADS.includes('restart'));
});

test('a kernel that chose as the simulator shows the simulator figures, none outside the band', (t) => {
  for (const [name, policy] of [
    ['restart', 'reuserps-rr-limit'],
    ['stacked', 'incoming-cpu'],
    ['burst', 'reuserps-ff-limit'],
    ['uniform', 'linux-hash'],
  ] as const) {
    const rows = kernelRows({ kernel: 'x', runs: [simRun(name, policy)] }, 'f', REDRAWS);
    for (const r of rows) {
      t.is(r.kernel, r.simulator, `${name} ${policy} ${r.figure}`);
      t.false(r.outside, `${name} ${policy} ${r.figure}`);
    }
  }
});

test('a kernel that puts every SYN on the first listener is flagged outside the band', (t) => {
  const run = simRun('uniform', 'reuserps-rr');
  const skewed = {
    ...run,
    flows: run.flows.map((f) => ({ ...f, placed: 0, owner: f.owner >= 0 ? 0 : f.owner })),
  };
  const rows = kernelRows({ kernel: 'x', runs: [skewed] }, 'f', REDRAWS);
  const outside = rows.filter((r) => r.outside).map((r) => r.figure);
  t.true(outside.includes('locality'));
  t.true(outside.includes('new Jain'));
});

test('a results file that is not one is refused with the place and the reason', (t) => {
  const good = wire(simRun('stacked', 'cbpf-cpu'));
  const cases: [unknown, RegExp][] = [
    [[], /top level: expected an object/],
    [{ kernel: 1, runs: [good] }, /kernel: expected the kernel release/],
    [{ kernel: 'k', runs: [{ ...good, policy: 'nope' }] }, /runs\[0\]\.policy: expected one of/],
    [
      { kernel: 'k', runs: [{ ...good, flows: [[0, 0, 'none', 0, 1]] }] },
      /runs\[0\]\.flows\[0\]: expected \[cpu/,
    ],
    [
      { kernel: 'k', runs: [{ ...good, flows: [[0, 0, 'gone', 0, 1, -1]] }] },
      /runs\[0\]\.flows\[0\]: drop is one of/,
    ],
  ];
  for (const [doc, why] of cases) t.throws(() => kernelResults('R.json', doc), { message: why });
  // A run of another seed does not match its workload.
  const r = kernelResults('R.json', {
    kernel: 'k',
    runs: [{ ...good, flows: good.flows.slice(1) }],
  });
  t.throws(() => kernelRows(r, 'R.json', REDRAWS), {
    message:
      /R\.json: stacked cbpf-cpu: 1599 flows over 200 ticks, the workload of seed 1 has 1600/,
  });
  const res = cli('compare', '--kernel', file('bad.json', '{"kernel":'));
  t.is(res.status, 2);
  t.regex(res.stderr, /bad\.json: not JSON/);
});

test('compare --kernel prints the kernel beside the simulator', (t) => {
  const runs = [simRun('stacked', 'linux-hash'), simRun('stacked', 'reuserps-ff')].map(wire);
  const res = cli(
    'compare',
    '--kernel',
    file('ok.json', JSON.stringify({ kernel: '6.12.118+', runs })),
  );
  t.is(res.status, 0, res.stderr);
  t.regex(res.stdout, /Kernel 6\.12\.118\+ beside the simulator/);
  t.regex(res.stdout, /\| reuserps-ff \| 100\.0% \/ 100\.0% \|/);
});

const PHASE =
  '{"phase":"churn-rr","attempted":10,"served":9,"refused":0,"connectTimeout":1,"children":9,"tunChildren":0,"notLocal":0,"peaks":[[3,3]],"counters":{"TCPReuserpsLimitDrop":2},"ok":true}';

test('stress-report prints the figures, and fails on a failed phase or a broken line', (t) => {
  const phases = stressPhases(`boot\nSTRESS ${PHASE}\n`, 'log');
  t.regex(
    stressReport(phases),
    /\| churn-rr \| 10 \| 9 \| 0 \| 1 \| 0 \| 0 \| 0 \| 0 \| 0 \| 2 \| 0 \| 0\/0 \| 3\/3 \| 100\.0% \|/,
  );
  t.is(cli('stress-report', '--log', file('ok.log', `STRESS ${PHASE}\n`)).status, 0);
  t.is(
    cli(
      'stress-report',
      '--log',
      file('failed.log', `STRESS ${PHASE.replace('"ok":true', '"ok":false')}\n`),
    ).status,
    1,
  );
  t.is(cli('stress-report', '--log', file('none.log', 'the boot died\n')).status, 1);
  const broken = cli('stress-report', '--log', file('broken.log', `x\nSTRESS {"phase":\n`));
  t.is(broken.status, 2);
  t.regex(broken.stderr, /broken\.log:2: a STRESS line that is not JSON/);
});
