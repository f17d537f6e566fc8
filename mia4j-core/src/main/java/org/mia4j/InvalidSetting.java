package org.mia4j;

/**
 * A setting with a value it cannot take. Library code names the setting ({@code sparsity}, {@code relax-alpha});
 * the CLI shows it as the option that sets it ({@code --sparsity}), so neither speaks the other's language.
 */
public final class InvalidSetting extends Mia4jException {
    private static final long serialVersionUID = 1L;
    private final String setting;
    private final String problem;

    /** {@code setting}: its name in kebab case (the CLI option without its dashes); {@code problem}: what is wrong. */
    public InvalidSetting(String setting, String problem) {
        super("setting '" + setting + "' " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    public String setting() {
        return setting;
    }

    public String problem() {
        return problem;
    }

    /** The message with the setting named as its command-line option. */
    public String asOption() {
        return "--" + setting + " " + problem;
    }
}
