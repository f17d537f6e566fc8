package org.mia4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.defense.DpSgdDefense;
import org.mia4j.json.Json;
import org.mia4j.model.Variant;

class AuditPlanTest {

    @Test
    void unsetSettingsTakeTheOneSetOfDefaults() {
        AuditConfig c = AuditPlan.builder().build().config();
        assertThat(c.dataset()).isEqualTo(Defaults.DATASET);
        assertThat(c.architecture()).isEqualTo("column-fc");
        assertThat(c.shadows()).isEqualTo(Defaults.SHADOWS);
        assertThat(c.training().epochs()).isEqualTo(Defaults.EPOCHS);
        assertThat(c.references()).isEqualTo(Defaults.REFERENCES);
        assertThat(c.pruners()).containsExactly(Defaults.PRUNER);
        assertThat(c.sparsities()).containsExactly(Defaults.SPARSITY);
        assertThat(c.attackSettings().get(org.mia4j.attack.Samia.MAX_RECORDS)).isEqualTo(4000);
        assertThat(c.hidden()).containsExactly(256, 128);
    }

    @Test
    void theQuickPresetNeverOverridesWhatWasSetWhateverTheOrder() {
        AuditConfig before = AuditPlan.builder().optEpochs(30).quick().build().config();
        AuditConfig after = AuditPlan.builder().quick().optEpochs(30).build().config();
        for (AuditConfig c : List.of(before, after)) {
            assertThat(c.training().epochs()).isEqualTo(30);
            assertThat(c.shadows()).isEqualTo(Defaults.QUICK_SHADOWS);
            assertThat(c.finetune().epochs()).isEqualTo(Defaults.QUICK_FINETUNE_EPOCHS);
        }
        assertThat(AuditPlan.builder().optPruners(List.of("taylor")).pruningSweep().build().config().pruners())
                .containsExactly("taylor");
    }

    @Test
    void variantsAreRecordsWhoseLabelsAreRenderedNotParsed() {
        AuditConfig c = AuditPlan.builder().optDefenses(List.of("ppb", "relaxloss")).build().config();
        List<Variant> v = c.variants().stream().map(VariantRecipe::variant).toList();
        assertThat(v).extracting(Variant::label).containsExactly("l1-unstructured@0.7",
                "l1-unstructured@0.7+ppb", "relaxloss", "l1-unstructured@0.7+relaxloss");
        Variant ppb = v.get(1);
        assertThat(ppb.kind()).isEqualTo(Variant.Kind.PRUNING);
        assertThat(ppb.level()).isEqualTo(0.7);
        assertThat(ppb.defense()).isEqualTo("ppb");
        assertThat(ppb.undefended()).isEqualTo(v.get(0));
        assertThat(v.get(2).undefended()).isEqualTo(Variant.ORIGINAL);
        assertThat(v.get(2).kind()).isEqualTo(Variant.Kind.SCRATCH);
        assertThat(v.get(2).level()).isNull();
    }

    @Test
    void theAdversaryKnowsATreatmentOrADefenseOnlyWhenAdaptive() {
        for (boolean adaptive : new boolean[] {false, true}) {
            AuditConfig c = AuditPlan.builder().optTreatments(List.of("cwrf")).optRatios(List.of(0.01))
                    .optDefenses(List.of("ppb", "relaxloss")).optAdaptiveDefense(adaptive).build().config();
            java.util.Map<String, VariantRecipe> r = new java.util.LinkedHashMap<>();
            c.variants().forEach(v -> r.put(v.variant().label(), v));
            assertThat(r).containsOnlyKeys("l1-unstructured@0.7", "cwrf@0.01", "l1-unstructured@0.7+ppb",
                    "cwrf@0.01+ppb", "relaxloss", "l1-unstructured@0.7+relaxloss", "cwrf@0.01+relaxloss");
            VariantRecipe pruned = r.get("l1-unstructured@0.7");
            assertThat(pruned.appliedByAdversary()).isTrue();
            assertThat(pruned.fineTuning()).isEqualTo(c.finetune());
            VariantRecipe ppb = r.get("l1-unstructured@0.7+ppb");
            assertThat(ppb.objective().name()).isEqualTo("ppb");
            assertThat(ppb.appliedByAdversary()).isEqualTo(adaptive);
            assertThat(ppb.adversaryVariant()).isEqualTo(adaptive ? ppb.variant() : pruned.variant());
            VariantRecipe cwrf = r.get("cwrf@0.01");
            assertThat(cwrf.fineTuning().cosine()).isTrue();
            assertThat(cwrf.adversaryVariant()).isEqualTo(adaptive ? cwrf.variant() : Variant.ORIGINAL);
            assertThat(r.get("cwrf@0.01+ppb").adversaryVariant()).isEqualTo(adaptive ? r.get("cwrf@0.01+ppb")
                    .variant() : Variant.ORIGINAL);
            VariantRecipe scratch = r.get("relaxloss");
            assertThat(scratch.fineTuning()).isEqualTo(c.training());
            assertThat(scratch.adversaryVariant()).isEqualTo(adaptive ? scratch.variant() : Variant.ORIGINAL);
        }
    }

    @Test
    void badSettingsAreRefusedByBuildNamingTheSetting() {
        assertThatThrownBy(() -> AuditPlan.builder().setDataset("purchase").build()).isInstanceOf(
                Mia4jException.class).hasMessage("setting 'dataset' 'purchase' is unknown; expected one of [location, "
                        + "mnist, fashion-mnist, adult, cifar10, cifar100, csv]");
        assertThatThrownBy(() -> AuditPlan.builder().optPveKl("both").build()).hasMessageStartingWith(
                "setting 'pve-kl' must be");
        assertThatThrownBy(() -> AuditPlan.builder().optDelimiter(";;").build()).hasMessageContaining("delimiter");
        assertThatThrownBy(() -> AuditPlan.builder().optHidden(List.of(0)).build()).hasMessageContaining("hidden");
        // a DP target epsilon without DP-SGD, like an epsilon of 0, is refused rather than ignored
        assertThatThrownBy(() -> AuditPlan.builder().opt(DpSgdDefense.EPSILON, 4.0).build()).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("dp-epsilon' applies only to --defenses dp-sgd");
        assertThatThrownBy(() -> AuditPlan.builder().opt(DpSgdDefense.EPSILON, 0.0).build()).isInstanceOf(InvalidSetting.class);
        assertThat(AuditPlan.builder().opt(DpSgdDefense.EPSILON, 4.0).optDefenses(List.of("dp-sgd")).build().config().defenses())
                .containsExactly("dp-sgd");
        assertThatThrownBy(() -> AuditPlan.builder().optShadows(0).build()).hasMessage("setting 'shadows' must be "
                + ">= 1, got 0").isInstanceOfSatisfying(InvalidSetting.class, e -> assertThat(e.asOption())
                        .isEqualTo("--shadows must be >= 1, got 0"));
    }

    @Test
    void aGivenModelWithoutANamedArchitectureHasNoShadowsOrVariants() {
        AuditConfig c = AuditPlan.builder().setGivenModel(new GivenModel("m.pt", "i.txt", "", null)).build().config();
        assertThat(c.architecture()).isEmpty();
        assertThat(c.shadows()).isZero();
        assertThat(c.references()).isZero();
        assertThat(c.variants()).isEmpty();
        assertThat(c.givenModel()).hasValueSatisfying(g -> {
            assertThat(g.outputs()).isEqualTo("auto");
            assertThat(g.preprocess()).isEqualTo("standardize");
            assertThat(g.classes()).isEmpty();
        });
        assertThatThrownBy(() -> AuditPlan.builder().setGivenModel(new GivenModel("m.pt", "i.txt", "", null))
                .optMaxRecords(100).build()).isInstanceOf(InvalidSetting.class).hasMessageContaining(
                        "'max-records' cannot be combined with a given model");
        assertThatThrownBy(() -> new GivenModel("m.pt", "i.txt", "", null).withClasses(List.of("a", "b", "a")))
                .isInstanceOf(InvalidSetting.class).hasMessageContaining("names a class twice");
        assertThatThrownBy(() -> AuditPlan.builder().setGivenModel(new GivenModel("m.pt", "i.txt", "", null))
                .optSparsities(List.of(0.5)).build()).isInstanceOf(InvalidSetting.class).hasMessageContaining(
                        "'model' is audited as it was given");
    }

    @Test
    void aConfigReadBackFromItsJsonIsTheSameConfig() throws Exception {
        // a Spark worker gets its job's config as JSON: settings of every type must come back equal
        AuditConfig c = AuditPlan.builder().quick().optDefenses(List.of("ppb", "dp-sgd@eps=4")).build().config();
        String json = Json.MAPPER.writeValueAsString(c);
        AuditConfig back = Json.MAPPER.readValue(json, AuditConfig.class);
        assertThat(back).isEqualTo(c);
        assertThat(back.attackSettings().asMap()).isNotEmpty();
    }
}
