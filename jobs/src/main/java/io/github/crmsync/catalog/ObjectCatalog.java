package io.github.crmsync.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole catalog, in sync order (parents before children), as read at one moment.
 */
public final class ObjectCatalog {

	private final Map<String, ObjectType> byName = new LinkedHashMap<>();

	public ObjectCatalog(List<ObjectType> types) {
		types.stream()
			.sorted(Comparator.comparingInt(ObjectType::syncOrder))
			.forEach((type) -> this.byName.put(type.name(), type));
	}

	public List<ObjectType> types() {
		return List.copyOf(this.byName.values());
	}

	public List<String> names() {
		return List.copyOf(this.byName.keySet());
	}

	public Optional<ObjectType> find(String name) {
		return Optional.ofNullable(this.byName.get(name));
	}

	public boolean contains(String name) {
		return this.byName.containsKey(name);
	}

	/**
	 * The type and every type that cascades from it along "part of parent" edges, parents
	 * first: selecting Invoice also selects InvoiceItem, TaxationItem and InvoicePayment.
	 */
	public List<ObjectType> withCascadedChildren(String name) {
		List<ObjectType> result = new ArrayList<>();
		find(name).ifPresent(result::add);
		for (int i = 0; i < result.size(); i++) {
			String parent = result.get(i).name();
			this.byName.values().stream().filter((type) -> type.cascadesFrom(parent)).forEach(result::add);
		}
		result.sort(Comparator.comparingInt(ObjectType::syncOrder));
		return result;
	}

	/** The types that cascade directly from {@code name}. */
	public List<ObjectType> cascadedChildrenOf(String name) {
		return this.byName.values().stream().filter((type) -> type.cascadesFrom(name)).toList();
	}

}
