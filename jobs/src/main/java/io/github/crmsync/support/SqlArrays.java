package io.github.crmsync.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.support.AbstractSqlTypeValue;

/**
 * PostgreSQL arrays as statement parameters: a whole chunk of keys or values in one
 * parameter, so that one statement serves a chunk ({@code unnest(:ids)}), whatever its
 * size.
 */
public final class SqlArrays {

	private SqlArrays() {
	}

	public static AbstractSqlTypeValue text(Collection<String> values) {
		return array("text", values.toArray());
	}

	public static AbstractSqlTypeValue integer(Collection<Integer> values) {
		return array("integer", values.toArray());
	}

	public static AbstractSqlTypeValue bigint(Collection<Long> values) {
		return array("bigint", values.toArray());
	}

	private static AbstractSqlTypeValue array(String type, Object[] values) {
		return new AbstractSqlTypeValue() {

			@Override
			protected Object createTypeValue(Connection connection, int sqlType, @Nullable String typeName)
					throws SQLException {
				return connection.createArrayOf(type, values);
			}

		};
	}

}
