package io.github.crmsync.failures;

import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.catalog.ZuoraIds;
import io.github.crmsync.support.Instants;
import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.SqlArrays;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Checks a {@link SelectionRequest} against the database (read-only) and turns it into a
 * {@link FailureSelection}: object types exist (and, for a retry, are enabled), Zuora IDs
 * are well-formed and listed. Every problem is an {@link InvalidInputException} that
 * names what is wrong.
 */
@Service
public class FailureSelector {

	static final int MAX_NAMED_MISSING = 20;

	private final CatalogRepository catalogRepository;

	private final NamedParameterJdbcTemplate jdbc;

	FailureSelector(CatalogRepository catalogRepository, NamedParameterJdbcTemplate jdbc) {
		this.catalogRepository = catalogRepository;
		this.jdbc = jdbc;
	}

	/**
	 * @param forRetry an object type selects its cascaded types too, and must be enabled
	 * @param asOf the moment an age counts from
	 * @return the selection, its IDs (to store under its request ID) and the IDs left out
	 */
	public Selected select(SelectionRequest request, boolean forRetry, Instant asOf) {
		List<String> types = null;
		String objectType = request.objectType();
		if (objectType != null) {
			types = types(objectType, request.withChildren(), forRetry);
		}
		List<String> ids = null;
		List<String> missing = List.of();
		if (request.ids() != null) {
			ids = checkIds(request.ids());
			missing = missing(ids);
			if (!missing.isEmpty() && !request.ignoreMissing()) {
				throw new InvalidInputException(
						missing.size() + " of the " + ids.size() + " Zuora IDs are not in the failure list: "
								+ name(missing) + " (--ignore-missing goes on without them)");
			}
			Set<String> absent = new HashSet<>(missing);
			ids = ids.stream().filter((id) -> !absent.contains(id)).toList();
		}
		FailureSelection selection = new FailureSelection((ids != null) ? UUID.randomUUID().toString() : null, types,
				request.errorCode(), request.olderThan(), asOf);
		return new Selected(selection, (ids != null) ? ids : List.of(), missing);
	}

	private List<String> types(String objectType, boolean withChildren, boolean forRetry) {
		ObjectCatalog catalog = this.catalogRepository.load();
		ObjectType type = catalog.find(objectType)
			.orElseThrow(() -> new InvalidInputException("unknown object type '" + Instants.abbreviate(objectType)
					+ "'; valid types: " + String.join(", ", catalog.names())));
		if (forRetry && !type.enabled()) {
			throw new InvalidInputException(type.name() + " is disabled for sync, so it cannot be retried: enable it "
					+ "first (the objects command lists the catalog)");
		}
		return (forRetry || withChildren)
				? catalog.withCascadedChildren(type.name()).stream().map(ObjectType::name).toList()
				: List.of(type.name());
	}

	private static List<String> checkIds(List<String> ids) {
		if (ids.isEmpty()) {
			throw new InvalidInputException("the list of Zuora IDs is empty");
		}
		Set<String> unique = new LinkedHashSet<>();
		for (int i = 0; i < ids.size(); i++) {
			String id = ids.get(i);
			if (!ZuoraIds.isValid(id)) {
				throw new InvalidInputException("Zuora ID " + (i + 1) + " of the list, '" + Instants.abbreviate(id)
						+ "', is not an ID (" + ZuoraIds.RULE + ")");
			}
			unique.add(id);
		}
		return new ArrayList<>(unique);
	}

	private List<String> missing(List<String> ids) {
		Set<String> found = new HashSet<>(
				this.jdbc.queryForList("select distinct zuora_id from sync_failure where zuora_id = any(:ids)",
						new MapSqlParameterSource().addValue("ids", SqlArrays.text(ids), Types.ARRAY), String.class));
		return ids.stream().filter((id) -> !found.contains(id)).toList();
	}

	private static String name(List<String> ids) {
		String named = String.join(", ", ids.subList(0, Math.min(ids.size(), MAX_NAMED_MISSING)));
		return (ids.size() > MAX_NAMED_MISSING) ? named + " and " + (ids.size() - MAX_NAMED_MISSING) + " more" : named;
	}

	/**
	 * A checked selection.
	 *
	 * @param selection what to select
	 * @param ids the Zuora IDs to store under {@code selection.idsRequest()} before a job
	 * reads them
	 * @param leftOut the IDs not listed (with {@code --ignore-missing})
	 */
	public record Selected(FailureSelection selection, List<String> ids, List<String> leftOut) {

		/**
		 * What is selected, in words: the IDs themselves (the first few) rather than a
		 * request ID.
		 */
		public String describe() {
			return this.selection.describe(this.ids);
		}
	}

}
