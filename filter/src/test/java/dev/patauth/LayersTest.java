package dev.patauth;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layers the README and docs/architecture.md describe, stated so that they stay true. */
@AnalyzeClasses(packages = "dev.patauth", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    @ArchTest
    static final ArchRule theEngineKnowsNoServletApi = noClasses().that().resideInAPackage("dev.patauth")
            .should().dependOnClassesThat().resideInAPackage("jakarta.servlet..")
            .because("the engine serves every integration (servlet filter, Spring Security, JAX-RS), not one");

    @ArchTest
    static final ArchRule theEngineKnowsNoIntegration = noClasses().that().resideInAPackage("dev.patauth")
            .should().dependOnClassesThat().resideInAPackage("dev.patauth.servlet..")
            .because("integrations depend on the engine, never the other way round");

    @ArchTest
    static final ArchRule theServletIntegrationUsesThePublicApiOnly = classes().that().resideInAPackage("dev.patauth.servlet..")
            .should().onlyDependOnClassesThat(not(resideInAPackage("dev.patauth")).or(modifier(JavaModifier.PUBLIC)))
            .because("what the filter needs, any other integration may need too, so it must be public API");
}
