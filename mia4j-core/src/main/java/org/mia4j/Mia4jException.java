package org.mia4j;

/**
 * An error the user can cause and fix (bad file, bad option, bad value). The CLI maps it to exit code 2.
 * Messages name the file, record or option involved and what was expected.
 */
public class Mia4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Mia4jException(String message) {
        super(message);
    }

    public Mia4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
