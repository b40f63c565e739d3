package org.clustersim.workload;

/**
 * Activation recomputation: what the backward pass recomputes instead of keeping from the forward pass.
 *
 * <ul>
 * <li>{@link #NONE}: every tensor the backward pass needs is kept.</li>
 * <li>{@link #SELECTIVE}: cheap-to-recompute tensors are dropped and recomputed: norm outputs, activation-function
 * outputs (SwiGLU/GELU; their inputs are kept), and for MLA the up-projections from the latents. This is DeepSeek-V3's
 * scheme (tech report §3.2.3, deepseek-v3.md A.2: recompute RMSNorm and MLA up-projection; §3.3.3: cache SwiGLU
 * inputs). With
 * memory-efficient (flash) attention no score matrix is kept in any mode, so Megatron's original selective scheme
 * (recompute the attention core) adds nothing beyond this.</li>
 * <li>{@link #FULL}: only each layer's input is kept; the whole layer's forward pass runs again in the backward pass
 * (Megatron SC'21's configuration).</li>
 * </ul>
 */
public enum Recompute { NONE, SELECTIVE, FULL }
