package io.github.crmsync.crm.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.crm.CrmRecord;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A CRM in the job's own database. An upsert is keyed by Salesforce object and external
 * ID, so re-syncing a record is idempotent ({@code upsert_count} shows how often it
 * came). A record whose fields hold {@code sandboxReject} is rejected with that value as
 * {@code STATUS_CODE: message}; an external ID twice in one call is rejected as
 * Salesforce rejects it. One SQL statement per call, whatever its size.
 * <p>
 * Each record's link to its CRM account ({@link CrmRecord#crmAccountId()}) is kept in
 * {@code crm_account_id}, for every object type (the sandbox has no field mapping), and
 * replaced by each upsert: an account linked to another CRM account moves its records
 * there on their next re-sync, as in Salesforce.
 */
@Component
@ConditionalOnProperty(name = "crm.target", havingValue = "sandbox", matchIfMissing = true)
class SandboxCrm implements CrmPort {

	static final String REJECT_FIELD = "sandboxReject";

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final Duration delay;

	SandboxCrm(JdbcClient jdbc, ObjectMapper json, @Value("${crm.sandbox.delay:0ms}") Duration delay) {
		this.jdbc = jdbc;
		this.json = json;
		this.delay = delay;
	}

	@Override
	public List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records) {
		if (records.size() > MAX_BATCH_SIZE) {
			throw new IllegalArgumentException(
					"At most " + MAX_BATCH_SIZE + " records per call, got " + records.size());
		}
		pause();
		List<CrmOutcome> outcomes = new ArrayList<>(records.size());
		List<CrmRecord> accepted = new ArrayList<>(records.size());
		Set<String> seen = new HashSet<>();
		for (CrmRecord record : records) {
			Object reject = record.fields().get(REJECT_FIELD);
			if (!seen.add(record.externalId())) {
				outcomes.add(CrmOutcome.rejected(record.externalId(),
						"DUPLICATE_EXTERNAL_ID: external ID " + record.externalId() + " appears twice in one request"));
			}
			else if (reject != null) {
				outcomes.add(CrmOutcome.rejected(record.externalId(), String.valueOf(reject)));
			}
			else {
				outcomes.add(CrmOutcome.success(record.externalId()));
				accepted.add(record);
			}
		}
		if (!accepted.isEmpty()) {
			store(type, accepted);
		}
		return outcomes;
	}

	/**
	 * Simulates a CRM's latency ({@code crm.sandbox.delay}, default none), for demos and
	 * shutdown tests.
	 */
	private void pause() {
		if (!this.delay.isZero()) {
			try {
				Thread.sleep(this.delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static Map<String, Object> row(CrmRecord record) {
		Map<String, Object> row = new HashMap<>();
		row.put("external_id", record.externalId());
		row.put("parent_external_id", record.parentExternalId());
		row.put("crm_account_id", record.crmAccountId());
		row.put("fields", record.fields());
		return row;
	}

	private void store(ObjectType type, List<CrmRecord> records) {
		this.jdbc.sql("""
				insert into crm_sandbox_record as s (salesforce_object, external_id, object_type, parent_external_id,
					crm_account_id, fields, first_upserted_at, last_upserted_at)
				select :salesforceObject, r.external_id, :objectType, r.parent_external_id, r.crm_account_id, r.fields,
				       clock_timestamp(), clock_timestamp()
				from jsonb_to_recordset(cast(:records as jsonb))
					as r (external_id text, parent_external_id text, crm_account_id text, fields jsonb)
				on conflict (salesforce_object, external_id) do update set
					parent_external_id = excluded.parent_external_id,
					crm_account_id = excluded.crm_account_id,
					fields = excluded.fields,
					last_upserted_at = excluded.last_upserted_at,
					upsert_count = s.upsert_count + 1""")
			.param("salesforceObject", type.salesforceObject())
			.param("objectType", type.name())
			.param("records", this.json.writeValueAsString(records.stream().map(SandboxCrm::row).toList()))
			.update();
	}

}
