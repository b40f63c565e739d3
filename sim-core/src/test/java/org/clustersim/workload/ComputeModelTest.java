package org.clustersim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.clustersim.hardware.GpuType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComputeModelTest {

    private static final ComputeEfficiencyParameters P = ComputeEfficiencyParameters.INITIAL;

    @Test
    void memoryBoundOpsTakeBytesOverAchievableBandwidthPlusLaunch() {
        ComputeModel h800 = new ComputeModel(Models.h800(), P, 0);
        Op.Elementwise norm = new Op.Elementwise("norm", 1e9);
        assertThat(h800.timeSeconds(norm)).isCloseTo(1e9 / (3.35e12 * P.hbmEfficiency()) + P.launchOverheadSeconds(),
                within(1e-15));
        Op.Optimizer adam = new Op.Optimizer(1_000_000_000L, 14);
        assertThat(h800.timeSeconds(adam)).isCloseTo(14e9 / (3.35e12 * P.hbmEfficiency()) + P.launchOverheadSeconds(),
                within(1e-15));
    }

    @Test
    void efficiencyIsHalfOfItsMaximumAtTheNamedIntensityAndRisesTowardsIt() {
        ComputeModel h800 = new ComputeModel(Models.h800(), P, 0);
        double ridge = h800.ridgeFlopsPerByte(Precision.BF16);
        assertThat(ridge).isCloseTo(989.4e12 / 3.35e12, Percentage.withPercentage(1e-9));
        // a square BF16 GEMM of side n has intensity 2n^3 / (3 x 2 x n^2) = n/3 FLOP/byte
        long atRidge = Math.round(3 * ridge * P.halfEfficiencyIntensity());
        Op.Gemm half = new Op.Gemm(atRidge, atRidge, atRidge, Precision.BF16);
        assertThat(h800.efficiency(half)).isCloseTo(P.maxGemmEfficiency() / 2, within(0.002));
        double previous = 0;
        for (long n = 64; n <= 65536; n *= 2) {
            double e = h800.efficiency(new Op.Gemm(n, n, n, Precision.BF16));
            assertThat(e).isGreaterThan(previous).isLessThan(P.maxGemmEfficiency());
            previous = e;
        }
        // n = 65536 lies 74x above the ridge: 74 / 75 of the maximum
        assertThat(previous).isCloseTo(P.maxGemmEfficiency() * 74.0 / 75, within(0.001));
    }

    /**
     * Transfer without calibration data: the ridge point comes from the datasheet, so the same GEMM runs closer to
     * its maximum efficiency on an H20 (37 FLOP/byte) than on an H800 (295) yet takes longer, and an H200's extra
     * bandwidth (4.8 vs 3.35 TB/s, same peak) helps a mid-size GEMM but not a huge one.
     */
    @Test
    void efficiencyTransfersAcrossGpusThroughTheirRidgePoint() {
        Op.Gemm expertGemm = new Op.Gemm(8192, 2048, 7168, Precision.BF16);
        ComputeModel h800 = new ComputeModel(Models.h800(), P, 0);
        ComputeModel h20 = new ComputeModel(Models.h20(), P, 0);
        ComputeModel h200 = new ComputeModel(Models.h200(), P, 0);
        for (ComputeModel m : List.of(h800, h20, h200)) {
            System.out.printf(Locale.ROOT, "%-9s ridge %6.1f FLOP/B, 8192x2048x7168 BF16 GEMM: efficiency %.3f, "
                    + "%.1f us, %.0f TFLOP/s%n", m.gpu().id(), m.ridgeFlopsPerByte(Precision.BF16),
                    m.efficiency(expertGemm), 1e6 * m.timeSeconds(expertGemm), m.achievedFlopsPerSecond(expertGemm, false) / 1e12);
        }
        assertThat(h20.efficiency(expertGemm)).isGreaterThan(h800.efficiency(expertGemm));
        assertThat(h20.timeSeconds(expertGemm)).isGreaterThan(h800.timeSeconds(expertGemm));
        assertThat(h200.efficiency(expertGemm)).isGreaterThan(h800.efficiency(expertGemm));
        Op.Gemm huge = new Op.Gemm(65536, 65536, 65536, Precision.BF16);
        assertThat(h200.timeSeconds(huge)).isCloseTo(h800.timeSeconds(huge), Percentage.withPercentage(0.5));
    }

    @Test
    void fp8RunsAtTheFp8PeakOnlyWhereThereIsOne() {
        Op.Gemm bf16 = new Op.Gemm(65536, 65536, 65536, Precision.BF16);
        Op.Gemm fp8 = new Op.Gemm(65536, 65536, 65536, Precision.FP8);
        ComputeModel h800 = new ComputeModel(Models.h800(), P, 0);
        double speedup = (h800.timeSeconds(bf16) - P.launchOverheadSeconds())
                / (h800.timeSeconds(fp8) - P.launchOverheadSeconds());
        // far above both ridges: twice the peak, less the FP8 scaling penalty
        assertThat(speedup).isCloseTo(2 * P.fp8GemmScale(), Percentage.withPercentage(1));
        // nearer the ridge FP8 gains less: its ridge doubles while its intensity grows only 1.5x (1-byte inputs)
        Op.Gemm mid = new Op.Gemm(2048, 2048, 2048, Precision.BF16);
        Op.Gemm midFp8 = new Op.Gemm(2048, 2048, 2048, Precision.FP8);
        assertThat((h800.timeSeconds(mid) - P.launchOverheadSeconds())
                / (h800.timeSeconds(midFp8) - P.launchOverheadSeconds())).isLessThan(speedup);
        ComputeModel a100 = new ComputeModel(Models.a100(), P, 0);
        assertThat(a100.peakFlopsPerSecond(Precision.FP8)).isEqualTo(312e12);
        assertThat(a100.efficiency(fp8)).isGreaterThanOrEqualTo(a100.efficiency(bf16));
    }

    @Test
    void smsReservedForCommunicationSlowComputeOnlyWhileCommunicationRuns() {
        ComputeModel h800 = new ComputeModel(Models.h800(), P, 20);
        Op.Gemm gemm = new Op.Gemm(16384, 16384, 16384, Precision.BF16);
        double alone = h800.timeSeconds(gemm, false) - P.launchOverheadSeconds();
        double overlapped = h800.timeSeconds(gemm, true) - P.launchOverheadSeconds();
        // DeepSeek-V3: 20 of 132 SMs for communication (A.3) leave 112
        assertThat(overlapped / alone).isCloseTo(132.0 / 112, within(1e-12));
        Op.Elementwise norm = new Op.Elementwise("norm", 1e9);
        assertThat(h800.timeSeconds(norm, true)).isEqualTo(h800.timeSeconds(norm, false));
    }

    /** Whatever the shape, an op never beats either roofline bound and its efficiency stays a fraction. */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void timeRespectsBothRooflineBounds(long seed) {
        Random random = new Random(seed);
        for (GpuType gpu : List.of(Models.h800(), Models.h20(), Models.h200(), Models.a100())) {
            ComputeModel model = new ComputeModel(gpu, P, random.nextInt(gpu.smCount()));
            for (int i = 0; i < 200; i++) {
                Precision precision = random.nextBoolean() ? Precision.BF16 : Precision.FP8;
                Op op = random.nextBoolean()
                        ? new Op.Gemm(1 + random.nextInt(20000), 1 + random.nextInt(20000), 1 + random.nextInt(20000),
                                precision)
                        : new Op.Attention(1 + random.nextInt(4), 1 + random.nextInt(128), 1, 1 + random.nextInt(8192),
                                1 + random.nextInt(8192), 64 + random.nextInt(128), 64 + random.nextInt(128),
                                random.nextBoolean(), random.nextBoolean());
                boolean comm = random.nextBoolean();
                double t = model.timeSeconds(op, comm) - P.launchOverheadSeconds();
                assertThat(t).isGreaterThanOrEqualTo(op.flops() / model.peakFlopsPerSecond(op.precision()) * 0.999999);
                assertThat(t).isGreaterThanOrEqualTo(op.bytes() / gpu.hbmBytesPerSecond() * 0.999999);
                assertThat(model.efficiency(op)).isBetween(0.0, 1.0);
            }
        }
    }
}
