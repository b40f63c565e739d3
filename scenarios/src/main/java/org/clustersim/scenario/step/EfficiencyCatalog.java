package org.clustersim.scenario.step;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clustersim.scenario.bind.Binder;
import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.Required;
import org.clustersim.scenario.files.AtomicFiles;
import org.clustersim.scenario.source.NodeReader;
import org.clustersim.workload.ComputeEfficiencyParameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The compute model's calibrated parameters, kept in the catalog resource {@code compute-efficiency.yaml} together
 * with the command, the data and the residuals that produced them. {@code clustersim calibrate} writes it.
 */
public final class EfficiencyCatalog {

    public static final String RESOURCE = "/org/clustersim/catalog/compute-efficiency.yaml";
    /** Where {@code clustersim calibrate} writes by default, relative to the repository root. */
    public static final String SOURCE_PATH = "scenarios/src/main/resources/org/clustersim/catalog/compute-efficiency.yaml";

    @Doc("The named parameters of the compute model's efficiency function.")
    record EfficiencySpec(@Required @Range(min = 0.01, max = 1) Double maxGemmEfficiency,
                          @Required @Range(min = 0, max = 100) Double halfEfficiencyIntensity,
                          @Required @Range(min = 0.01, max = 1) Double fp8GemmScale,
                          @Required @Range(min = 0.01, max = 1) Double attentionEfficiency,
                          @Required @Range(min = 0.01, max = 1) Double hbmEfficiency,
                          @Required @Range(min = 0, max = 1) Double launchOverheadSeconds) {
    }

    private EfficiencyCatalog() {
    }

    /** The calibrated parameters, or the documented initial ones if no calibration has been written. */
    public static ComputeEfficiencyParameters calibrated() {
        try (InputStream in = EfficiencyCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return ComputeEfficiencyParameters.INITIAL;
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return parse(text, "catalog/compute-efficiency.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** Absolute errors of the calibrated parameters over the calibration cases, in percent. */
    public record CalibrationError(double meanAbsolutePercent, double maxAbsolutePercent, int cases) {
    }

    /**
     * The calibrated parameters' errors on the calibration cases, as {@code clustersim calibrate} recorded them in the
     * catalog; null when the catalog records none.
     */
    public static CalibrationError calibrationError() {
        try (InputStream in = EfficiencyCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            ProvenanceShape provenance = Binder.bind(new NodeReader().readFile(text, "catalog/compute-efficiency.yaml"),
                    FileShape.class).value().provenance();
            if (provenance == null || provenance.cases() == null || provenance.cases().isEmpty()) {
                return null;
            }
            double sum = 0;
            double max = 0;
            for (CaseShape c : provenance.cases()) {
                double e = Math.abs(c.errorPercent());
                sum += e;
                max = Math.max(max, e);
            }
            return new CalibrationError(sum / provenance.cases().size(), max, provenance.cases().size());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    static ComputeEfficiencyParameters parse(String text, String source) {
        EfficiencySpec s = Binder.bind(new NodeReader().readFile(text, source), FileShape.class).value().efficiency();
        return new ComputeEfficiencyParameters(s.maxGemmEfficiency(), s.halfEfficiencyIntensity(), s.fp8GemmScale(),
                s.attentionEfficiency(), s.hbmEfficiency(), s.launchOverheadSeconds());
    }

    /** The file's shape for reading: provenance is free-form and not bound. */
    @Doc("Calibrated compute-model parameters.")
    record FileShape(@Required EfficiencySpec efficiency, @Doc("How they were produced.") ProvenanceShape provenance) {
    }

    @Doc("How the parameters were produced.")
    record ProvenanceShape(String command, String date, String toolVersion, Double rmsRelativeError,
                           Integer evaluations, List<CaseShape> cases, String note) {
    }

    @Doc("One calibration case.")
    record CaseShape(String name, String unit, Double published, Double predicted, Double errorPercent,
                     String source, Double uncertaintyPercent) {
    }

    /** Writes parameters and provenance to {@code path} atomically (temporary file, then rename). */
    public static void write(Path path, Calibrator.Fit fit, List<Calibrator.Row> rows, String command, String date,
                             String toolVersion) throws IOException {
        YAMLMapper mapper = YAMLMapper.builder().build();
        ObjectNode root = mapper.createObjectNode();
        ComputeEfficiencyParameters p = fit.parameters();
        ObjectNode e = root.putObject("efficiency");
        e.put("maxGemmEfficiency", round(p.maxGemmEfficiency()));
        e.put("halfEfficiencyIntensity", round(p.halfEfficiencyIntensity()));
        e.put("fp8GemmScale", round(p.fp8GemmScale()));
        e.put("attentionEfficiency", round(p.attentionEfficiency()));
        e.put("hbmEfficiency", p.hbmEfficiency());
        e.put("launchOverheadSeconds", p.launchOverheadSeconds());
        ObjectNode prov = root.putObject("provenance");
        prov.put("command", command);
        prov.put("date", date);
        prov.put("toolVersion", toolVersion);
        prov.put("rmsRelativeError", round(fit.rmsRelativeError()));
        prov.put("evaluations", fit.evaluations());
        ArrayNode cases = prov.putArray("cases");
        for (Calibrator.Row row : rows) {
            ObjectNode c = cases.addObject();
            c.put("name", row.calibrationCase().name());
            c.put("unit", row.calibrationCase().unit());
            c.put("published", row.calibrationCase().published());
            c.put("predicted", round(row.predicted()));
            c.put("errorPercent", round(row.errorPercent()));
            var cal = row.calibrationCase().scenario().spec().value().calibration();
            c.put("source", cal.source() == null ? "scenario file" : cal.source());
            c.put("uncertaintyPercent", row.calibrationCase().uncertaintyPercent());
        }
        prov.put("note", "Fitted by least squares on relative error over the cases listed (scenarios/validation/), "
                + "each error divided by the case's uncertaintyPercent. "
                + "attentionEfficiency, hbmEfficiency and launchOverheadSeconds are not fitted: stated assumptions. "
                + "attentionEfficiency 0.60: FlashAttention-3 BF16 forward on H100 measured at 590-621 TFLOP/s "
                + "(60-63% of 989) for head dim 128 at 4K-16K tokens (pytorch/benchmark PR 2391), 740 TFLOP/s (75%) "
                + "at best (Shah et al. 2024, arXiv 2407.08608); the backward pass is assumed to run at the forward's "
                + "efficiency (FlashAttention's backward does 2.5x the forward's work). fp8GemmScale is informed only by "
                + "the FP8 cases: DeepSeek-V3 on its own framework and on NVIDIA's Megatron-Core.");
        String text = "# Written by 'clustersim calibrate'. Do not edit by hand: rerun the command.\n"
                + mapper.writeValueAsString(root);
        Files.createDirectories(path.toAbsolutePath().getParent());
        AtomicFiles.writeString(path, text);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
