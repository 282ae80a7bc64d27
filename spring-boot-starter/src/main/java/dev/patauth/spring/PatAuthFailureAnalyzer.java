package dev.patauth.spring;

import dev.patauth.PatAuthConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up that patauth's configuration stopped into Spring Boot's short report: the
 * sentence that names the {@code patauth.*} key, instead of a chain of bean creation errors.
 */
class PatAuthFailureAnalyzer extends AbstractFailureAnalyzer<PatAuthConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PatAuthConfigException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct the patauth.* property named above (application.properties, YAML or the environment).", cause);
    }
}
