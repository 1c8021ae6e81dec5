package io.github.crmsync.source;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.crmsync.catalog.RecordKey;
import io.github.crmsync.support.SqlArrays;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads source records a page at a time: a whole chunk's records with their descendants
 * in one query, and their billing accounts in another.
 */
@Repository
public class SourceRecordRepository {

	private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
	};

	private final NamedParameterJdbcTemplate jdbc;

	/**
	 * Reads a record's fields with its numbers as decimals, as jsonb keeps them: as
	 * binary doubles, an amount of more than 17 significant digits would reach the CRM
	 * rounded, and {@code 10.10} as {@code 10.1}.
	 */
	private final ObjectReader fieldsReader;

	SourceRecordRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.fieldsReader = json.readerFor(FIELDS).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
	}

	/**
	 * The records of {@code roots} that exist, each with its descendants along "part of
	 * parent" edges to enabled types (Invoice: its items, taxation items and invoice
	 * payments), parents before children.
	 */
	public Map<RecordKey, List<SourceRecord>> findWithDescendants(Collection<RecordKey> roots) {
		MapSqlParameterSource params = new MapSqlParameterSource()
			.addValue("types", SqlArrays.text(roots.stream().map(RecordKey::objectType).toList()), Types.ARRAY)
			.addValue("ids", SqlArrays.text(roots.stream().map(RecordKey::zuoraId).toList()), Types.ARRAY);
		Map<RecordKey, List<SourceRecord>> units = new HashMap<>();
		this.jdbc.query("""
				with recursive unit (root_type, root_id, object_type, zuora_id, parent_id, account_id, crm_id, fields,
						depth) as (
					select r.object_type, r.zuora_id, r.object_type, r.zuora_id, r.parent_id, r.account_id, r.crm_id,
					       r.fields, 0
					from unnest(:types, :ids) as k (object_type, zuora_id)
					join source_record r on r.object_type = k.object_type and r.zuora_id = k.zuora_id
					union all
					select u.root_type, u.root_id, c.object_type, c.zuora_id, c.parent_id, c.account_id, c.crm_id,
					       c.fields, u.depth + 1
					from unit u
					join sync_object_type t on t.parent = u.object_type and t.part_of_parent and t.enabled
					join source_record c on c.object_type = t.name and c.parent_id = u.zuora_id
				)
				select u.* from unit u join sync_object_type t on t.name = u.object_type
				order by u.root_type, u.root_id, u.depth, t.sync_order, u.zuora_id""", params, (rs) -> {
			RecordKey root = new RecordKey(rs.getString("root_type"), rs.getString("root_id"));
			units.computeIfAbsent(root, (key) -> new ArrayList<>())
				.add(new SourceRecord(rs.getString("object_type"), rs.getString("zuora_id"), rs.getString("parent_id"),
						rs.getString("account_id"), rs.getString("crm_id"),
						this.fieldsReader.readValue(rs.getString("fields"))));
		});
		return units;
	}

	/**
	 * The CRM ID of each of {@code accountIds} that exists as an Account record
	 * ({@code null} where not linked).
	 */
	public Map<String, String> findAccountCrmIds(Collection<String> accountIds) {
		Map<String, String> crmIds = new HashMap<>();
		this.jdbc.query("""
				select zuora_id, crm_id from source_record
				where object_type = 'Account' and zuora_id = any(:ids)""",
				new MapSqlParameterSource().addValue("ids", SqlArrays.text(accountIds), Types.ARRAY), (rs) -> {
					crmIds.put(rs.getString("zuora_id"), rs.getString("crm_id"));
				});
		return crmIds;
	}

}
