/**
 * The embedded default database: where no {@code spring.datasource.url} is set, an
 * embedded PostgreSQL runs in a persistent data directory, and on its first creation it
 * is seeded with a deterministic demo data set.
 */
@NullMarked
package io.github.crmsync.embedded;

import org.jspecify.annotations.NullMarked;
