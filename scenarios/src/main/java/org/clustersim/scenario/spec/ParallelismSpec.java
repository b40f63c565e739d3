package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.Spelled;

@Doc("How the model is split over the GPUs. tensor x pipeline x data x context = GPUs; expert divides data x context"
        + " x tensor.")
public record ParallelismSpec(
        @Range(min = 1, max = 1024) @Doc("Tensor-parallel degree (within a node).") Integer tensor,
        @Range(min = 1, max = 4096) @Doc("Pipeline-parallel stages.") Integer pipeline,
        @Range(min = 1, max = 128) @Doc("Virtual stages per pipeline rank (interleaved schedules).") Integer virtualStages,
        @Range(min = 1, max = 1_000_000) @Doc("Expert-parallel degree (V3: 64).") Integer expert,
        @Range(min = 1, max = 10_000_000) @Doc("Data-parallel degree (pipeline replicas).") Integer data,
        @Range(min = 1, max = 4096) @Doc("Context-parallel degree (sequence split).") Integer context,
        @Range(min = 0, max = 3) @Doc("ZeRO stage: 0 none, 1 optimizer state, 2 + gradients, 3 + weights.") Integer zero,
        @Range(min = 1, max = 1_000_000) @Doc("Sequences per micro-batch.") Integer microBatch,
        @Doc("Pipeline schedule: gpipe, 1f1b, interleaved-1f1b, zero-bubble, dualpipe, dualpipe-v.") Schedule schedule,
        @Doc("Activation recomputation: none, selective, full.") Recompute recompute,
        @Doc("GEMM precision: bf16 or fp8.") Precision precision,
        @Range(min = 0, max = 1024) @Doc("SMs reserved for communication kernels (DeepSeek: 20 of 132).")
        Integer commSms,
        @Doc("AdamW moment storage: fp32 (default; Megatron-LM) or bf16 (DeepSeek-V3). Master weights and gradients "
                + "are FP32 either way.") Moments optimizerMoments,
        @Doc("Attention kernels: flash (default; FlashAttention, 2022 on) or materialized (the full score matrix in "
                + "HBM with separate softmax and dropout kernels, as Megatron-LM's 2021 runs).")
        AttentionKernel attentionKernel,
        @Doc("ZeRO-3 collectives: per-layer (default; one bucketed all-gather per layer, prefetched beside the "
                + "compute, as PyTorch FSDP) or per-tensor (DeepSpeed's 2021 ZeRO-3: one all-gather and one "
                + "reduce-scatter per parameter tensor, gathers not overlapped, each with its host time, a Python view "
                + "and a copy per rank; tensors under 100,000 elements kept whole and gathered once per step).")
        ZeroCollectives zeroCollectives,
        @Doc("Run 1f1b's and interleaved-1f1b's steady-state pairs (the forward of one micro-batch, the backward of "
                + "another) as one overlapped op, each one's communication hidden behind the other's compute, as "
                + "Megatron-Core's overlap_moe_expert_parallel_comm does (default false; dualpipe always overlaps).")
        Boolean overlapForwardBackward,
        @Doc("Which layers each model chunk holds, as Megatron-Core's pipeline layout string: chunks in virtual-stage "
                + "order separated by |, of E (embedding), t (layer), m (MTP module) and L (head and loss), with X*n "
                + "and (...)*n repeating, e.g. Et|(tt|)*30mL. Default: layers split evenly, the extra ones to the "
                + "middle chunks.")
        String pipelineLayout) {

    public enum AttentionKernel { FLASH, MATERIALIZED }

    public enum ZeroCollectives { PER_LAYER, PER_TENSOR }


    public enum Schedule implements Spelled {
        GPIPE("gpipe"), ONE_F_ONE_B("1f1b"), INTERLEAVED_1F1B("interleaved-1f1b"), ZERO_BUBBLE("zero-bubble"),
        DUALPIPE("dualpipe"), DUALPIPE_V("dualpipe-v");

        private final String spelling;

        Schedule(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }
    }

    public enum Recompute { NONE, SELECTIVE, FULL }

    public enum Precision { BF16, FP8 }

    public enum Moments { FP32, BF16 }
}
