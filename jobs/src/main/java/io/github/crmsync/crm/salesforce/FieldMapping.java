package io.github.crmsync.crm.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.core.io.ClassPathResource;

/**
 * The field mapping of every object type: the built-in file ({@value #BUILT_IN} on the
 * classpath, from {@code config/salesforce/}), whose sections an operator's file may
 * replace ({@code crm.salesforce.mapping-file}): its {@code defaults} replace the
 * built-in defaults, each of its {@code types.<Type>} replaces the built-in section of
 * that type. A type's rules are its section over the defaults ({@link TypeMapping}).
 * <p>
 * {@code parent-relationship} and {@code account-link} belong to a type's section only:
 * they follow from the type's Salesforce object, which the defaults cannot know.
 */
final class FieldMapping {

	static final String BUILT_IN = "salesforce/field-mapping.yml";

	private static final Set<String> SECTION_KEYS = Set.of("fields", "unmapped", "ignore", "parent-relationship",
			"account-link");

	/** A Salesforce field's API name, such as {@code Zuora__Account__c}. */
	private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

	private final Map<String, Object> defaults;

	private final Map<String, Map<String, Object>> types;

	private FieldMapping(Map<String, Object> defaults, Map<String, Map<String, Object>> types) {
		this.defaults = defaults;
		this.types = types;
	}

	/**
	 * The built-in mapping, with the sections of {@code file} (if not {@code null}) in
	 * place of its own.
	 */
	static FieldMapping load(@Nullable Path file) {
		FieldMapping mapping = parse(BUILT_IN, read(BUILT_IN, null));
		if (file != null) {
			if (!Files.isRegularFile(file)) {
				throw new IllegalStateException("crm.salesforce.mapping-file (CRM_SALESFORCE_MAPPING_FILE): no such "
						+ "file " + file.toAbsolutePath());
			}
			FieldMapping override = parse(file.toString(), read(file.toString(), file));
			Map<String, Map<String, Object>> types = new LinkedHashMap<>(mapping.types);
			types.putAll(override.types);
			mapping = new FieldMapping(override.defaults.isEmpty() ? mapping.defaults : override.defaults, types);
		}
		return mapping;
	}

	/** The rules for {@code type}: its section over the defaults. */
	TypeMapping forType(String type) {
		Map<String, Object> section = this.types.getOrDefault(type, Map.of());
		Map<String, String> fields = new LinkedHashMap<>(strings(this.defaults.get("fields")));
		fields.putAll(strings(section.get("fields")));
		Set<String> ignore = new LinkedHashSet<>(list(this.defaults.get("ignore")));
		ignore.addAll(list(section.get("ignore")));
		Object unmapped = section.getOrDefault("unmapped", this.defaults.getOrDefault("unmapped", "pass"));
		Object accountLink = section.get("account-link");
		return new TypeMapping(fields, "drop".equals(unmapped), ignore, (String) section.get("parent-relationship"),
				"none".equals(accountLink) ? null : (String) accountLink);
	}

	/** Fails naming the types that have a section but are not in {@code catalog}. */
	void checkTypes(Collection<String> catalog) {
		Set<String> unknown = new TreeSet<>(this.types.keySet());
		unknown.removeAll(catalog);
		if (!unknown.isEmpty()) {
			throw new IllegalStateException("The Salesforce field mapping has sections for object types that are not "
					+ "in the catalog: " + String.join(", ", unknown) + " (known: " + String.join(", ", catalog) + ")");
		}
	}

	private static @Nullable Object read(String name, @Nullable Path file) {
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		try (InputStream in = (file != null) ? Files.newInputStream(file)
				: new ClassPathResource(name).getInputStream()) {
			return yaml.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Salesforce field mapping " + name, ex);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(
					"The Salesforce field mapping " + name + " is not valid YAML: " + ex.getMessage(), ex);
		}
	}

	private static FieldMapping parse(String name, @Nullable Object document) {
		Map<String, Object> root = map(name, "the document", (document != null) ? document : Map.of());
		for (String key : root.keySet()) {
			if (!Set.of("defaults", "types").contains(key)) {
				throw invalid(name, key, "unknown key (expected defaults, types)");
			}
		}
		Map<String, Object> defaults = section(name, "defaults", root.getOrDefault("defaults", Map.of()));
		for (String key : List.of("parent-relationship", "account-link")) {
			if (defaults.containsKey(key)) {
				throw invalid(name, "defaults." + key, "belongs to a type's section");
			}
		}
		Map<String, Map<String, Object>> types = new LinkedHashMap<>();
		map(name, "types", root.getOrDefault("types", Map.of()))
			.forEach((type, section) -> types.put(type, section(name, "types." + type, section)));
		return new FieldMapping(defaults, types);
	}

	private static Map<String, Object> section(String name, String path, Object value) {
		Map<String, Object> section = map(name, path, (value != null) ? value : Map.of());
		section.forEach((key, entry) -> {
			String at = path + "." + key;
			switch (key) {
				case "fields" -> map(name, at, (entry != null) ? entry : Map.of()).forEach((from, to) -> {
					if (!(to instanceof String target) || target.isBlank()) {
						throw invalid(name, at + "." + from, "must name a Salesforce field");
					}
				});
				case "unmapped" -> {
					if (!"pass".equals(entry) && !"drop".equals(entry)) {
						throw invalid(name, at, "must be pass or drop, not " + entry);
					}
				}
				case "ignore" -> {
					if (!(entry instanceof List<?> names) || names.stream().anyMatch((n) -> !(n instanceof String))) {
						throw invalid(name, at, "must be a list of field names");
					}
				}
				case "parent-relationship" -> {
					if (!(entry instanceof String relationship) || relationship.isBlank()) {
						throw invalid(name, at, "must name a relationship such as Zuora__Invoice__r, or none");
					}
				}
				case "account-link" -> {
					if (!(entry instanceof String field) || !FIELD_NAME.matcher(field).matches()
							|| field.endsWith("__r")) {
						throw invalid(name, at,
								"must name the Salesforce field that holds the Account ID, such as Zuora__Account__c, "
										+ "or none");
					}
				}
				default -> throw invalid(name, at, "unknown key (expected one of " + new TreeSet<>(SECTION_KEYS) + ")");
			}
		});
		return section;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(String name, String path, Object value) {
		if (!(value instanceof Map<?, ?> map) || map.keySet().stream().anyMatch((key) -> !(key instanceof String))) {
			throw invalid(name, path, "must be a map with names as keys");
		}
		return new LinkedHashMap<>((Map<String, Object>) map);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> strings(@Nullable Object value) {
		return (value != null) ? (Map<String, String>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<String> list(@Nullable Object value) {
		return (value != null) ? (List<String>) value : List.of();
	}

	private static IllegalStateException invalid(String name, String path, String problem) {
		return new IllegalStateException(
				"The Salesforce field mapping " + name + " is invalid at " + path + ": " + problem);
	}

}
