package io.github.crmsync.cli;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one line of a failed start, without a database.
 */
class StartupFailureTests {

	@Test
	void aUrlLosesItsPasswordParametersAndUserInformationPassword() {
		// then
		assertThat(StartupFailure.withoutPassword("jdbc:postgresql://db:5432/crm?password=s3cret"))
			.isEqualTo("jdbc:postgresql://db:5432/crm");
		assertThat(StartupFailure.withoutPassword("jdbc:postgresql://db/crm?user=u&password=s3cret&ssl=true"))
			.isEqualTo("jdbc:postgresql://db/crm?user=u&ssl=true");
		assertThat(StartupFailure.withoutPassword("jdbc:postgresql://db/crm?PASSWORD=a&sslpassword=b"))
			.isEqualTo("jdbc:postgresql://db/crm");
		assertThat(StartupFailure.withoutPassword("jdbc:postgresql://u:s3cret@db/crm"))
			.isEqualTo("jdbc:postgresql://u@db/crm");
		assertThat(StartupFailure.withoutPassword("jdbc:postgresql://db/crm")).isEqualTo("jdbc:postgresql://db/crm");
	}

	@Test
	void aRefusedPasswordNamesTheUrlTheUserAndTheServersAnswer() {
		// given
		MockEnvironment environment = new MockEnvironment()
			.withProperty("spring.datasource.url", "jdbc:postgresql://db/crm?password=s3cret")
			.withProperty("spring.datasource.username", "crm")
			.withProperty("spring.datasource.password", "s3cret");
		PSQLException refused = new PSQLException("FATAL: password authentication failed for user \"crm\"",
				PSQLState.INVALID_PASSWORD);

		// when
		String line = StartupFailure.of(new IllegalStateException("wrapped", refused), environment).getMessage();

		// then
		assertThat(line).isEqualTo("Cannot connect to the database jdbc:postgresql://db/crm as crm: "
				+ "FATAL: password authentication failed for user \"crm\"");
	}

	@Test
	void debugLogsAskForTheStackTrace() {
		// then
		assertThat(StartupFailure
			.of(new IllegalStateException("x"), new MockEnvironment().withProperty("logging.level.root", "DEBUG"))
			.debug()).isTrue();
		assertThat(StartupFailure.of(new IllegalStateException("x"), new MockEnvironment()).debug()).isFalse();
	}

}
