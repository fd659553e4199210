/**
 * Every accepted variant ships with a few sample inputs and the outputs the compiler measured for
 * them, so a device can prove the file it loaded computes what was verified before serving it.
 *
 * Format: an .npz (zip of numpy .npy files), like calibration sets: `inputs/<input name>.npy` and
 * `expected/<output name>.npy`, samples stacked on a leading axis (each sample one complete model
 * input or output, batch dimension included).
 */
export const SAMPLES_INPUT_PREFIX = 'inputs/';
export const SAMPLES_EXPECTED_PREFIX = 'expected/';

/**
 * Cosine similarity an agent's output must reach against the compiler's, per output. Not 1: another
 * CPU's kernels round differently (notably int8 ones), which moves outputs in the last digits only.
 */
export const SELF_TEST_MIN_COSINE = 0.999;
