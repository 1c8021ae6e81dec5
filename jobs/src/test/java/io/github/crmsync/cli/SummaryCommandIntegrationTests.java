package io.github.crmsync.cli;

import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryCommandIntegrationTests extends PostgresIntegrationTests {

	@Test
	void anEmptyListSummarisesToZeroTotals() {
		// when
		CliResult result = cli("summary", "--format", "json");

		// then
		assertThat(result.exitCode()).isZero();
		JsonNode json = JsonMapper.builder().build().readTree(result.out());
		assertThat(json.get("total").asLong()).isZero();
		assertThat(json.get("byObjectType").size()).isZero();
	}

	@Test
	void countsByObjectTypeAndErrorCode() {
		// given
		insertFailure("I-1", "Invoice", "DACO-01");
		insertFailure("I-2", "Invoice", "DACO-01");
		insertFailure("I-3", "Invoice", "DACO-99");
		insertFailure("A-1", "Account", "DACO-02");

		// when
		CliResult result = cli("summary", "--format", "json");

		// then
		assertThat(result.exitCode()).isZero();
		Map<String, Object> json = JsonMapper.builder().build().readValue(result.out(), Map.class);
		assertThat(json).containsEntry("total", 4);
		assertThat(json.get("byObjectType"))
			.isEqualTo(Map.of("Account", Map.of("DACO-01", 0, "DACO-02", 1, "DACO-99", 0), "Invoice",
					Map.of("DACO-01", 2, "DACO-02", 0, "DACO-99", 1)));
	}

	private void insertFailure(String zuoraId, String objectType, String errorCode) {
		this.jdbc.sql("""
				insert into sync_failure (zuora_id, object_type, error_code, error_message, sync_date, first_failed_at)
				values (?, ?, ?, 'boom', now(), now())""").params(zuoraId, objectType, errorCode).update();
	}

}
