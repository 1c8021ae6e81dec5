package io.github.crmsync.failures;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * Which failures an on-demand job works on, as an operator chose them: Zuora IDs (kept in
 * {@code failure_selection} under a request ID), object types, or all; narrowed by an
 * error code and, for a purge, by age. It becomes a SQL condition on {@code sync_failure}
 * and round-trips through job parameters, so a restarted job selects what the first
 * launch selected.
 *
 * @param idsRequest the request whose Zuora IDs are selected, or {@code null}
 * @param objectTypes the selected object types, or {@code null} for any
 * @param errorCode only this error code, or {@code null}
 * @param olderThan only failures whose sync date is older than this at {@code asOf}, or
 * {@code null}
 * @param asOf the moment {@code olderThan} counts from (the launch), so that a restart
 * keeps the cut-off
 */
public record FailureSelection(@Nullable String idsRequest, @Nullable List<String> objectTypes,
		@Nullable ErrorCode errorCode, @Nullable Duration olderThan, Instant asOf) {

	/** How many of a selection's IDs its description names. */
	static final int IDS_SHOWN = 3;

	/**
	 * The SQL condition on {@code sync_failure} (unaliased columns); its parameters are
	 * {@link #parameters()}.
	 */
	public String condition() {
		List<String> conditions = new ArrayList<>();
		if (this.idsRequest != null) {
			conditions.add("zuora_id in (select zuora_id from failure_selection where request_id = :idsRequest)");
		}
		if (this.objectTypes != null) {
			conditions.add("object_type in (:objectTypes)");
		}
		if (this.errorCode != null) {
			conditions.add("error_code = :errorCode");
		}
		if (this.olderThan != null) {
			conditions.add("sync_date < :syncedBefore");
		}
		return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
	}

	public Map<String, Object> parameters() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		if (this.idsRequest != null) {
			parameters.put("idsRequest", this.idsRequest);
		}
		if (this.objectTypes != null) {
			parameters.put("objectTypes", this.objectTypes);
		}
		if (this.errorCode != null) {
			parameters.put("errorCode", this.errorCode.code());
		}
		if (this.olderThan != null) {
			parameters.put("syncedBefore", OffsetDateTime.ofInstant(this.asOf.minus(this.olderThan), ZoneOffset.UTC));
		}
		return parameters;
	}

	/** A short description for people and for the job's identifying parameters. */
	public String describe() {
		return describe(null);
	}

	/**
	 * As {@link #describe()}, naming a selection by ID by how many IDs it holds and the
	 * first {@value #IDS_SHOWN} of them ({@code ids}, the IDs stored under its request),
	 * rather than by its request ID.
	 */
	public String describe(@Nullable List<String> ids) {
		List<String> parts = new ArrayList<>();
		if (this.idsRequest != null && ids != null && !ids.isEmpty()) {
			String first = String.join(", ", ids.subList(0, Math.min(IDS_SHOWN, ids.size())));
			parts.add(((ids.size() == 1) ? "id " : ids.size() + " ids: ") + first
					+ ((ids.size() > IDS_SHOWN) ? " and " + (ids.size() - IDS_SHOWN) + " more" : ""));
		}
		else {
			parts.add((this.idsRequest != null) ? "ids of request " + this.idsRequest
					: (this.objectTypes != null) ? "types " + String.join(",", this.objectTypes) : "all");
		}
		if (this.errorCode != null) {
			parts.add("code " + this.errorCode.code());
		}
		if (this.olderThan != null) {
			parts.add("sync date before " + this.asOf.minus(this.olderThan));
		}
		return String.join(", ", parts);
	}

	/** The selection as job parameter values (absent ones left out). */
	public Map<String, String> toParameters() {
		Map<String, String> values = new LinkedHashMap<>();
		if (this.idsRequest != null) {
			values.put("idsRequest", this.idsRequest);
		}
		if (this.objectTypes != null) {
			values.put("objectTypes", String.join(",", this.objectTypes));
		}
		if (this.errorCode != null) {
			values.put("errorCode", this.errorCode.code());
		}
		if (this.olderThan != null) {
			values.put("olderThan", this.olderThan.toString());
		}
		values.put("asOf", this.asOf.toString());
		return values;
	}

	/**
	 * The job parameters of a launch over this selection: identified by its description
	 * and a request ID (so each launch is a job instance of its own), with its values
	 * non-identifying.
	 */
	public JobParametersBuilder toJobParameters(String description) {
		JobParametersBuilder builder = new JobParametersBuilder().addString("selection", description)
			.addString("requestId", (this.idsRequest != null) ? this.idsRequest : UUID.randomUUID().toString());
		toParameters().forEach((name, value) -> builder.addString(name, value, false));
		return builder;
	}

	/**
	 * The selection whose {@link #toParameters()} values {@code parameter} looks up by
	 * name.
	 */
	public static FailureSelection fromParameters(Function<String, String> parameter) {
		String types = parameter.apply("objectTypes");
		String code = parameter.apply("errorCode");
		String olderThan = parameter.apply("olderThan");
		return new FailureSelection(parameter.apply("idsRequest"), (types != null) ? List.of(types.split(",")) : null,
				(code != null) ? ErrorCode.fromCode(code).orElseThrow() : null,
				(olderThan != null) ? Duration.parse(olderThan) : null, Instant.parse(parameter.apply("asOf")));
	}

}
