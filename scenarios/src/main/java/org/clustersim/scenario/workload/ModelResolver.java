package org.clustersim.scenario.workload;

import java.util.Objects;
import org.clustersim.error.UserError;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.bind.Bound;
import org.clustersim.scenario.bind.RecordOverlay;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.source.Suggestions;
import org.clustersim.scenario.spec.MlaSpec;
import org.clustersim.scenario.spec.ModelSpec;
import org.clustersim.scenario.spec.MoeSpec;
import org.clustersim.scenario.spec.ScenarioSpec;
import org.clustersim.workload.Attention;
import org.clustersim.workload.FeedForward;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.WorkloadError;

/**
 * Turns a scenario's {@code model} section (a preset id, a preset with overrides, or full shapes) into a
 * {@link ModelShape}. Errors point at the key that caused them; a value inherited from a preset points at the line
 * naming the preset.
 *
 * <p>Defaults for absent keys: headDim = hidden / heads; kvHeads = heads; attention inferred (mla when {@code mla}
 * is given, gqa when kvHeads &lt; heads, else mha); gatedFfn true; tiedEmbeddings false; norm rmsnorm; linearBias
 * false; learnedPositions 0; mtpDepth 0; for MoE: sharedExperts 0, denseLayers 0, nodeLimit 0 (none), expertGroups 1;
 * for MLA: qLoraRank 0 (no query compression).
 */
public final class ModelResolver {

    private final Catalog catalog;

    public ModelResolver(Catalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** How errors are reported: located in a scenario file, or about a preset named on the command line. */
    private interface Site {
        UserError error(String key, String message, String hint);
    }

    /** The scenario's model, or null if it has no {@code model} section. */
    public ModelShape resolve(Scenario scenario) {
        Bound<ScenarioSpec> bound = scenario.spec();
        ModelSpec spec = bound.value().model();
        if (spec == null) {
            return null;
        }
        ModelSpec resolved = spec;
        String id = spec.name() != null ? spec.name() : "custom-model";
        if (spec.preset() != null) {
            ModelSpec preset = catalog.models().get(spec.preset());
            if (preset == null) {
                throw new ScenarioError(bound.at("model.preset"), "unknown model preset '" + spec.preset() + "'",
                        spec.preset(), Suggestions.hint(spec.preset(), catalog.models().keySet()));
            }
            resolved = RecordOverlay.overlay(preset, spec);
            id = spec.preset();
        }
        Site site = (key, message, hint) -> new ScenarioError(bound.at(key.isEmpty() ? "model" : "model." + key),
                message, null, hint);
        return build(resolved, id, site);
    }

    /** A preset by id, for the {@code model NAME} command; an unknown id is an error with "did you mean". */
    public ModelShape preset(String id) {
        ModelSpec preset = catalog.models().get(id);
        if (preset == null) {
            throw new UserError("unknown model preset or scenario file '" + id + "'",
                    Suggestions.hint(id, catalog.models().keySet()) + "; or give a scenario file");
        }
        Site site = (key, message, hint) -> new UserError("model preset '" + id + "': " + message, hint);
        return build(preset, id, site);
    }

    private static ModelShape build(ModelSpec m, String id, Site site) {
        int layers = require(m.layers(), "layers", site);
        int hidden = require(m.hidden(), "hidden", site);
        int heads = require(m.heads(), "heads", site);
        int vocab = require(m.vocab(), "vocab", site);
        try {
            Attention attention = attention(m, hidden, heads, site);
            FeedForward ffn = feedForward(m, site);
            ModelShape.Norm norm = m.norm() == ModelSpec.Norm.LAYERNORM ? ModelShape.Norm.LAYER_NORM
                    : ModelShape.Norm.RMS_NORM;
            return new ModelShape(id, m.name() != null ? m.name() : id, layers, hidden, attention, ffn, vocab,
                    Boolean.TRUE.equals(m.tiedEmbeddings()), orZero(m.learnedPositions()),
                    Boolean.TRUE.equals(m.linearBias()), norm, orZero(m.mtpDepth()));
        } catch (WorkloadError e) {
            throw site.error(e.key(), e.getMessage(), e.hint());
        }
    }

    private static Attention attention(ModelSpec m, int hidden, int heads, Site site) {
        ModelSpec.Attention kind = m.attention();
        if (kind == null) {
            kind = m.mla() != null ? ModelSpec.Attention.MLA
                    : m.kvHeads() != null && m.kvHeads() < heads ? ModelSpec.Attention.GQA : ModelSpec.Attention.MHA;
        }
        if (kind == ModelSpec.Attention.MLA) {
            MlaSpec mla = m.mla();
            if (mla == null) {
                throw site.error("attention", "attention mla needs the MLA ranks",
                        "add mla: {kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128}");
            }
            return new Attention.Latent(heads, orZero(mla.qLoraRank()), require(mla.kvLoraRank(), "mla.kvLoraRank",
                    site), require(mla.qkNopeHeadDim(), "mla.qkNopeHeadDim", site),
                    require(mla.qkRopeHeadDim(), "mla.qkRopeHeadDim", site),
                    require(mla.vHeadDim(), "mla.vHeadDim", site));
        }
        if (m.mla() != null) {
            throw site.error("mla", "MLA ranks are given but attention is " + kind.name().toLowerCase(
                    java.util.Locale.ROOT), "remove 'mla', or set attention: mla");
        }
        int kvHeads = m.kvHeads() != null ? m.kvHeads() : heads;
        if (kind == ModelSpec.Attention.MHA && kvHeads != heads) {
            throw site.error("kvHeads", "attention mha has as many key/value heads as heads (" + heads + "), not "
                    + kvHeads, "set attention: gqa, or remove kvHeads");
        }
        if (kind == ModelSpec.Attention.GQA && kvHeads >= heads) {
            throw site.error(m.kvHeads() == null ? "attention" : "kvHeads", "attention gqa needs fewer key/value heads"
                    + " than the " + heads + " heads", "set kvHeads (Llama 3: 8), or attention: mha");
        }
        int headDim;
        if (m.headDim() != null) {
            headDim = m.headDim();
        } else if (hidden % heads == 0) {
            headDim = hidden / heads;
        } else {
            throw site.error("headDim", "hidden " + hidden + " is not a multiple of heads " + heads,
                    "set headDim explicitly");
        }
        return new Attention.MultiHead(heads, kvHeads, headDim);
    }

    private static FeedForward feedForward(ModelSpec m, Site site) {
        boolean gated = m.gatedFfn() == null || m.gatedFfn();
        MoeSpec moe = m.moe();
        if (moe == null) {
            return new FeedForward.Dense(require(m.ffnHidden(), "ffnHidden", site), gated);
        }
        int denseLayers = orZero(moe.denseLayers());
        return new FeedForward.MixtureOfExperts(denseLayers, m.ffnHidden() == null ? 0 : m.ffnHidden(),
                require(moe.routedExperts(), "moe.routedExperts", site), orZero(moe.sharedExperts()),
                require(moe.activeExperts(), "moe.activeExperts", site),
                require(moe.expertFfnHidden(), "moe.expertFfnHidden", site), gated, orZero(moe.nodeLimit()),
                moe.expertGroups() == null ? 1 : moe.expertGroups());
    }

    private static int require(Integer value, String key, Site site) {
        if (value == null) {
            throw site.error(key.contains(".") ? key.substring(0, key.indexOf('.')) : "", "missing 'model." + key + "'",
                    "set it, or start from a preset, e.g. model: {preset: llama3-8b, layers: 16}");
        }
        return value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
