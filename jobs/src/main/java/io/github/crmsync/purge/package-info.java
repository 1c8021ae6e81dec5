/**
 * Purging failures: {@code purgeJob} moves the selected failures to
 * {@code sync_failure_archive} (with the purge time and its job execution) and drops
 * archived rows older than the retention; a purge can be restored by execution.
 */
@NullMarked
package io.github.crmsync.purge;

import org.jspecify.annotations.NullMarked;
