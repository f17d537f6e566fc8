package org.mia4j;

/**
 * Progress of long phases. Library code reports through this; the CLI renders a progress bar, tests stay silent.
 */
public interface Progress {

    /** A phase of {@code total} steps. Close it when the phase ends. */
    Task start(String phase, long total);

    /** A line about the run as a whole (e.g. that it shares the cores with other runs). */
    default void note(String text) {}

    /** One running phase. */
    interface Task extends AutoCloseable {
        void step(long n);

        default void step() {
            step(1);
        }

        /** Short status text shown beside the bar (e.g. the current dev accuracy). */
        default void message(String text) {}

        /**
         * A part of this task that takes long on its own (one attack training its network): its messages show as
         * this task's, after {@code name + ": "}; its steps count for nothing here, closing it ends nothing.
         */
        default Task part(String name) {
            Task whole = this;
            return new SimpleTask() {
                @Override
                public void step(long n) {}

                @Override
                public void message(String text) {
                    whole.message(name + ": " + text);
                }
            };
        }

        @Override
        void close();
    }

    Progress SILENT = (phase, total) -> (SimpleTask) n -> {};

    /** Wraps {@link Task} lambdas whose close does nothing. */
    interface SimpleTask extends Task {
        @Override
        default void close() {}
    }
}
