/**
 * The sync failure list ({@code sync_failure}): its rows and error codes, the queries
 * operators list and summarise it with, and the CSV import that loads failures reported
 * by the connector.
 */
@NullMarked
package io.github.crmsync.failures;

import org.jspecify.annotations.NullMarked;
