import fc from 'fast-check';

// Property tests are reproducible by default: a fixed seed unless FC_SEED says otherwise
// (FC_SEED=random explores new cases; a failing run prints the seed to replay it with FC_SEED=<seed>).
const requested = process.env.FC_SEED;
if (requested !== 'random') {
  fc.configureGlobal({ seed: requested === undefined ? 20261121 : Number(requested) });
}
