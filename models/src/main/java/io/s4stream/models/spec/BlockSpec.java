package io.s4stream.models.spec;

/**
 * Settings of one official {@code S4Block}: H channels, N state size (N/2 complex modes stored),
 * kernel mode, initialisation and discretization. {@code lKernel} is the kernel length the stored
 * C-tilde of an {@code nplr} layer belongs to (0 for diagonal layers).
 */
public record BlockSpec(int dModel, int dState, SsmMode mode, SsmInit init, Discretization disc, int lKernel) {

    public BlockSpec {
        if (dModel < 1) {
            throw new IllegalArgumentException("d_model must be >= 1, got " + dModel);
        }
        if (dState < 2 || dState % 2 != 0) {
            throw new IllegalArgumentException("d_state must be even and >= 2, got " + dState);
        }
        if (mode == SsmMode.NPLR && lKernel < 1) {
            throw new IllegalArgumentException("an nplr block needs l_kernel (or l_max) >= 1, got " + lKernel);
        }
        if (mode == SsmMode.NPLR && init != SsmInit.LEGS) {
            throw new IllegalArgumentException("mode nplr supports init legs, got " + init.id());
        }
        if (mode == SsmMode.DIAG && init == SsmInit.LEGS) {
            throw new IllegalArgumentException("mode diag supports init diag-lin, diag-inv or random, got legs");
        }
    }

    /** Number of stored complex modes. */
    public int modes() {
        return dState / 2;
    }
}
