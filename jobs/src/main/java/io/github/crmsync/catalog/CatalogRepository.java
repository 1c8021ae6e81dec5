package io.github.crmsync.catalog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the catalog and the connector's settings.
 */
@Repository
public class CatalogRepository {

	private final JdbcClient jdbc;

	CatalogRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public ObjectCatalog load() {
		return new ObjectCatalog(this.jdbc.sql("""
				select name, parent, part_of_parent, salesforce_object, external_id_field, product_catalog, enabled,
				       sync_order
				from sync_object_type order by sync_order""")
			.query((rs, row) -> new ObjectType(rs.getString("name"), rs.getString("parent"),
					rs.getBoolean("part_of_parent"), rs.getString("salesforce_object"),
					rs.getString("external_id_field"), rs.getBoolean("product_catalog"), rs.getBoolean("enabled"),
					rs.getInt("sync_order")))
			.list());
	}

	public boolean zuoraQuotesInstalled() {
		return this.jdbc.sql("select zuora_quotes_installed from connector_setting").query(Boolean.class).single();
	}

}
