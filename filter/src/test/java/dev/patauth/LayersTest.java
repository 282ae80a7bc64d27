package dev.patauth;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.stream.Stream;

/** The layers the README and docs/architecture.md describe, stated so that they stay true. */
@AnalyzeClasses(packages = "dev.patauth", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    private static final String ENGINE = "dev.patauth";
    private static final String STORE = "dev.patauth.store..";
    private static final String SERVLET = "dev.patauth.servlet..";
    private static final String METRICS = "dev.patauth.metrics..";

    @ArchTest
    static final ArchRule theEngineKnowsNoServletApi = noClasses().that().resideInAnyPackage(ENGINE, STORE)
            .should().dependOnClassesThat().resideInAPackage("jakarta.servlet..")
            .because("the engine serves every integration (servlet filter, Spring Security, JAX-RS), not one");

    @ArchTest
    static final ArchRule theEngineKnowsNoIntegration = noClasses().that().resideInAnyPackage(ENGINE, STORE)
            .should().dependOnClassesThat().resideInAPackage(SERVLET)
            .because("integrations depend on the engine, never the other way round");

    @ArchTest
    static final ArchRule theEngineKnowsNoMicrometer = noClasses().that().resideInAnyPackage(ENGINE, STORE)
            .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
            .because("Micrometer is optional: an app without it must be able to load and run the engine");

    @ArchTest
    static final ArchRule onlyTheMetricsPackageKnowsMicrometer = noClasses().that().resideOutsideOfPackage(METRICS)
            .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
            .because("Micrometer is an optional dependency of patauth-filter; dev.patauth.metrics is its one user");

    @ArchTest
    static final ArchRule theMetricsUseThePublicApiOnly = classes().that().resideInAPackage(METRICS)
            .should().onlyDependOnClassesThat(not(resideInAPackage(ENGINE)).or(modifier(JavaModifier.PUBLIC)))
            .andShould().onlyDependOnClassesThat(not(resideInAPackage(STORE)))
            .because("the metrics read PatAuth.statistics(), which any other integration may read too");

    @ArchTest
    static final ArchRule theServletIntegrationUsesThePublicApiOnly = classes().that().resideInAPackage(SERVLET)
            .should().onlyDependOnClassesThat(not(resideInAPackage(ENGINE)).or(modifier(JavaModifier.PUBLIC)))
            .andShould().onlyDependOnClassesThat(not(resideInAPackage(STORE)))
            .because("what the filter needs, any other integration may need too, so it must be public API;"
                    + " dev.patauth.store is internal");

    @ArchTest
    static final ArchRule theStoreUsesOnlyTheEnginesPublicTypes = classes().that().resideInAPackage(STORE)
            .should().onlyDependOnClassesThat(not(resideInAPackage(ENGINE)).or(modifier(JavaModifier.PUBLIC)))
            .because("the store sits behind the engine and knows only the values of its API (TokenId, the exceptions)");

    @ArchTest
    static final ArchRule theApiNeverShowsTheStore = members().that().areDeclaredInClassesThat().resideInAPackage(ENGINE)
            .and().areDeclaredInClassesThat().arePublic().and().arePublic()
            .should(notMention(STORE))
            .because("dev.patauth.store is internal: no public signature of the API may hand it out or ask for it");

    /** Whether the member's signature (field type, return type, parameter types) names a class of the package. */
    private static ArchCondition<JavaMember> notMention(String packageIdentifier) {
        return new ArchCondition<>("not have " + packageIdentifier + " in their signature") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                // with type arguments: a UnaryOperator<TokenStore> parameter names TokenStore too
                Stream<JavaType> signature = member instanceof JavaCodeUnit code
                        ? Stream.concat(Stream.of(code.getReturnType()), code.getParameterTypes().stream())
                        : member instanceof JavaField field ? Stream.of(field.getType()) : Stream.empty();
                Stream<JavaClass> types = signature.flatMap(type -> type.getAllInvolvedRawTypes().stream());
                types.filter(type -> resideInAPackage(packageIdentifier).test(type))
                        .distinct().forEach(type -> events.add(SimpleConditionEvent.violated(member,
                                member.getFullName() + " names " + type.getName())));
            }
        };
    }
}
