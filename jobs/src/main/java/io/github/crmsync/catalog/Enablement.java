package io.github.crmsync.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.crmsync.support.InvalidInputException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sync Object Enablement and the connector's settings. Rules:
 * <ul>
 * <li>a product catalog type can be enabled only where Zuora Quotes is installed, and
 * Zuora Quotes cannot be marked uninstalled while a product catalog type is enabled;</li>
 * <li>disabling a parent does not disable its children: as the vendor's connector does,
 * an enabled child still syncs (its own failures are retried), referring to its parent by
 * external ID, which the CRM resolves only if the parent was synced before; a disabled
 * parent's failures are skipped and nothing cascades from them. The command says which
 * enabled children a disabled parent leaves.</li>
 * </ul>
 * Every name is checked before anything changes.
 */
@Service
public class Enablement {

	private final CatalogRepository catalogRepository;

	private final JdbcClient jdbc;

	Enablement(CatalogRepository catalogRepository, JdbcClient jdbc) {
		this.catalogRepository = catalogRepository;
		this.jdbc = jdbc;
	}

	/** Enables the types; returns notes for the operator. */
	@Transactional
	public List<String> enable(List<String> names) {
		ObjectCatalog catalog = this.catalogRepository.load();
		Set<String> types = known(catalog, names);
		List<String> productCatalog = types.stream()
			.filter((name) -> catalog.find(name).orElseThrow().productCatalog())
			.toList();
		if (!productCatalog.isEmpty() && !this.catalogRepository.zuoraQuotesInstalled()) {
			throw new InvalidInputException(String.join(", ", productCatalog)
					+ ((productCatalog.size() == 1) ? " belongs" : " belong") + " to the product catalog, "
					+ "which syncs only where Zuora Quotes is set up: run `settings set zuora-quotes-installed true` "
					+ "first");
		}
		set(types, true);
		List<String> notes = new ArrayList<>();
		for (String name : types) {
			String parent = catalog.find(name).orElseThrow().parent();
			if (parent != null && !catalog.find(parent).orElseThrow().enabled() && !types.contains(parent)) {
				notes.add(name + " is enabled but its parent " + parent + " is not: its records sync only if their "
						+ parent + " is in the CRM already");
			}
		}
		return notes;
	}

	/** Disables the types; returns notes for the operator. */
	@Transactional
	public List<String> disable(List<String> names) {
		ObjectCatalog catalog = this.catalogRepository.load();
		Set<String> types = known(catalog, names);
		set(types, false);
		List<String> notes = new ArrayList<>();
		for (String name : types) {
			List<String> children = catalog.types()
				.stream()
				.filter((type) -> name.equals(type.parent()) && type.enabled() && !types.contains(type.name()))
				.map(ObjectType::name)
				.toList();
			if (!children.isEmpty()) {
				notes.add(name + " is disabled but its children " + String.join(", ", children) + " stay enabled: "
						+ "their own failures are still retried; nothing cascades from " + name);
			}
		}
		return notes;
	}

	@Transactional
	public void setZuoraQuotesInstalled(boolean installed) {
		if (!installed) {
			List<String> enabled = this.catalogRepository.load()
				.types()
				.stream()
				.filter((type) -> type.productCatalog() && type.enabled())
				.map(ObjectType::name)
				.toList();
			if (!enabled.isEmpty()) {
				throw new InvalidInputException("the product catalog types " + String.join(", ", enabled)
						+ " are enabled: disable them before marking Zuora Quotes as not installed");
			}
		}
		this.jdbc.sql("update connector_setting set zuora_quotes_installed = ?, updated_at = now()")
			.param(installed)
			.update();
	}

	private static Set<String> known(ObjectCatalog catalog, List<String> names) {
		List<String> unknown = names.stream().filter((name) -> !catalog.contains(name)).toList();
		if (!unknown.isEmpty()) {
			throw new InvalidInputException("unknown object type(s) " + String.join(", ", unknown) + "; valid types: "
					+ String.join(", ", catalog.names()));
		}
		return new LinkedHashSet<>(names);
	}

	private void set(Set<String> types, boolean enabled) {
		this.jdbc.sql("update sync_object_type set enabled = :enabled where name in (:names)")
			.param("enabled", enabled)
			.param("names", List.copyOf(types))
			.update();
	}

}
