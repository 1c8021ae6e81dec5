package io.github.crmsync;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape the README's Architecture section draws, checked on the compiled classes:
 * dependencies point down only (front ends → application → jobs → domain → support), an
 * adapter depends on its port and nothing depends on an adapter, and the features are
 * free of cycles. A breach fails the build.
 */
class ArchitectureTests {

	static JavaClasses classes;

	@BeforeAll
	static void importTheApplicationsClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.github.crmsync");
	}

	@Test
	void dependenciesPointDownwardOnly() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("Entry point")
			.definedBy("io.github.crmsync")
			.layer("Front ends")
			.definedBy("io.github.crmsync.cli..")
			.layer("Application")
			.definedBy("io.github.crmsync.application..")
			.layer("Jobs")
			.definedBy("io.github.crmsync.retry..", "io.github.crmsync.purge..", "io.github.crmsync.operations..")
			.layer("Domain")
			.definedBy("io.github.crmsync.failures..", "io.github.crmsync.catalog..", "io.github.crmsync.source..",
					"io.github.crmsync.crm")
			.layer("Adapters")
			.definedBy("io.github.crmsync.crm.sandbox..", "io.github.crmsync.crm.salesforce..",
					"io.github.crmsync.embedded..")
			.layer("Support")
			.definedBy("io.github.crmsync.support..")
			.whereLayer("Front ends")
			.mayOnlyBeAccessedByLayers("Entry point")
			.whereLayer("Application")
			.mayOnlyBeAccessedByLayers("Front ends")
			.whereLayer("Jobs")
			.mayOnlyBeAccessedByLayers("Application", "Front ends")
			.whereLayer("Domain")
			.mayOnlyBeAccessedByLayers("Jobs", "Application", "Front ends", "Adapters", "Entry point")
			.whereLayer("Adapters")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Support")
			.mayOnlyBeAccessedByLayers("Domain", "Adapters", "Jobs", "Application", "Front ends", "Entry point")
			.check(classes);
	}

	@Test
	void aPortNeverDependsOnItsAdapters() {
		noClasses().that()
			.resideInAPackage("io.github.crmsync.crm")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.crmsync.crm.sandbox..", "io.github.crmsync.crm.salesforce..")
			.check(classes);
	}

	@Test
	void featuresAreFreeOfCycles() {
		slices().matching("io.github.crmsync.(*)..").should().beFreeOfCycles().check(classes);
	}

}
