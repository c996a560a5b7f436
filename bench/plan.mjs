// How much each measure samples, in full and in quick mode. Full mode aims at
// two runs on an idle machine agreeing within 5% on every ratio with a target
// (check with bench/compare.mjs) in under two minutes on 2 cores; quick mode (`--quick`, what the tests run) samples the same rows
// with far fewer rounds, to prove the bench runs, not to judge a figure.

export const PLANS = {
  full: {
    busyProbeMs: 1000,
    coldStart: { rounds: 20 },
    cliStart: { minRounds: 20, maxRounds: 80, budgetMs: 15_000 },
    calls: {
      warmup: 300,
      latencyRounds: 40,
      latencyPerRound: 150,
      throughputRounds: 20,
      throughput: [
        { concurrency: 1, perRound: 100 },
        { concurrency: 16, perRound: 400 },
        { concurrency: 64, perRound: 400 },
      ],
    },
    events: { samples: 200, hooks: 2000, rounds: 10 },
  },
  quick: {
    busyProbeMs: 300,
    coldStart: { rounds: 2 },
    cliStart: { minRounds: 2, maxRounds: 2, budgetMs: 0 },
    calls: {
      warmup: 50,
      latencyRounds: 4,
      latencyPerRound: 25,
      throughputRounds: 2,
      throughput: [
        { concurrency: 1, perRound: 25 },
        { concurrency: 16, perRound: 100 },
        { concurrency: 64, perRound: 100 },
      ],
    },
    events: { samples: 20, hooks: 200, rounds: 2 },
  },
};

/** `--quick` and `--out FILE` from the command line; anything else is refused, so a typo never runs the wrong mode. */
export function parseOptions(argv) {
  const options = { mode: "full", out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") options.mode = "quick";
    else if (arg === "--out" && argv[i + 1]) options.out = argv[++i];
    else if (arg.startsWith("--out=") && arg.length > 6) options.out = arg.slice(6);
    else throw new Error(`unknown argument ${JSON.stringify(arg)} (the bench takes --quick and --out FILE)`);
  }
  return options;
}
