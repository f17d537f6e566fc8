package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.Setting;
import org.mia4j.Settings;
import org.mia4j.train.TrainingConfig;

class AttackRegistryTest {

    @Test
    void builtInsRegisterThroughServiceLoaderInReportOrder() {
        assertThat(AttackRegistry.names()).containsExactly("conf", "xent", "entropy", "mentr", "top1-conf",
                "top1-conf-gt", "correctness", "nn", "top3-nn", "nn-cls", "label-only", "boundary", "samia", "lira-online",
                "lira-offline", "lira-fixed", "rmia", "rmia-online", "qmia", "compleak-sr", "compleak-mr",
                "compleak-mr-compressed");
    }

    @Test
    void settingsAreComposedOnceEachAndSharedByName() {
        List<String> names = AttackRegistry.settings().stream().map(Setting::name).toList();
        assertThat(names).containsExactly("attack-epochs", "label-queries", "label-noise", "boundary-queries", "samia-epochs",
                "samia-max-records", "samia-layers", "samia-heads", "samia-m", "samia-eps", "rmia-gamma");
        assertThat(AttackRegistry.settings("qmia")).containsExactly(NeuralAttack.EPOCHS);
        assertThat(AttackRegistry.settings("conf")).isEmpty();
    }

    @Test
    void providersConfigureTheirAttacksFromTheSettings() {
        Settings s = Settings.resolve(AttackRegistry.settings(), Map.of("rmia-gamma", 3, "label-queries", 7), false);
        AttackContext c = new AttackContext(s, TrainingConfig.DEFAULT, 5);
        AttackRegistry.Selection sel = AttackRegistry.parse("rmia,label-only,samia", c);
        assertThat(sel.settings().get("rmia")).containsExactly(Map.entry("rmia-gamma", 3.0));
        assertThat(sel.settings().get("label-only")).containsEntry("label-queries", 7).containsEntry("label-noise",
                0.1);
        assertThat(((LabelOnlyAttack) sel.attacks().get(1)).probes().get(0).settings()).containsEntry("queries", 7);
        Samia samia = (Samia) sel.attacks().get(2);
        assertThat(samia.settings()).containsEntry("max_records", 4000);
        Settings quick = Settings.resolve(AttackRegistry.settings(), Map.of(), true);
        assertThat(quick.get(Samia.MAX_RECORDS)).isEqualTo(2000);
        assertThat(quick.get(NeuralAttack.EPOCHS)).isEqualTo(20);
    }

    @Test
    void valuesAreCheckedAgainstTheDeclarationNamingTheSetting() {
        assertThatThrownBy(() -> Settings.resolve(AttackRegistry.settings(), Map.of("rmia-gamma", 0.0), false))
                .isInstanceOfSatisfying(InvalidSetting.class, e -> assertThat(e.asOption())
                        .isEqualTo("--rmia-gamma must be > 0, got 0.0"));
        assertThatThrownBy(() -> Settings.resolve(AttackRegistry.settings(), Map.of("samia-heads", 5), false))
                .hasMessageContaining("head count dividing 64");
        assertThatThrownBy(() -> Settings.resolve(AttackRegistry.settings(), Map.of("label-queries", 2.5), false))
                .hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> Settings.resolve(AttackRegistry.settings(), Map.of("rmia-gama", 2), false))
                .isInstanceOf(InvalidSetting.class).hasMessageContaining("rmia-gama").hasMessageContaining(
                        "rmia-gamma");
    }

    @Test
    void twoComponentsShareASettingOnlyIfDeclaredAlike() {
        Setting<Integer> a = Setting.integer("x-epochs", 5, "help");
        assertThat(Setting.compose(List.of(a, a, Setting.integer("x-epochs", 5, "other help")))).hasSize(1);
        assertThatThrownBy(() -> Setting.compose(List.of(a, Setting.integer("x-epochs", 6, "help"))))
                .isInstanceOf(Mia4jException.class).hasMessageContaining("'x-epochs' is declared twice");
    }
}
