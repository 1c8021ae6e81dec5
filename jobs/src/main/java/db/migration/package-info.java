/**
 * Flyway's Java migrations (the SQL ones live in the top-level {@code sql/}): the job
 * repository's tables from the DDL that Spring Batch ships.
 */
@NullMarked
package db.migration;

import org.jspecify.annotations.NullMarked;
