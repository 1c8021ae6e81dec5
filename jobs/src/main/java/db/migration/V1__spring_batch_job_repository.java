package db.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Creates Spring Batch's job repository (the {@code BATCH_*} tables) from the DDL that
 * the spring-batch-core jar ships, so that Flyway owns every table while the DDL stays
 * Spring Batch's own. The checksum is the script's, so {@code flyway validate} notices if
 * an upgraded jar ships a different schema (which then needs a migration of its own,
 * taken from {@code org/springframework/batch/core/migration/}).
 */
public class V1__spring_batch_job_repository extends BaseJavaMigration {

	static final ClassPathResource SCHEMA = new ClassPathResource(
			"org/springframework/batch/core/schema-postgresql.sql");

	@Override
	public void migrate(Context context) {
		ScriptUtils.executeSqlScript(context.getConnection(), SCHEMA);
	}

	@Override
	public Integer getChecksum() {
		try (InputStream in = SCHEMA.getInputStream()) {
			CRC32 crc = new CRC32();
			crc.update(in.readAllBytes());
			return (int) crc.getValue();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + SCHEMA.getPath(), ex);
		}
	}

}
