/**
 * Re-syncing failures: the daily retry job and the on-demand retry, each with its own
 * reader and one shared writer. A failure is expanded to a re-sync unit (its record and
 * the records that cascade from it), a slice of a chunk at a time, while the previous
 * slice's units are with the CRM port; the outcomes are written back to the failure list
 * with a constant number of statements per chunk.
 */
@NullMarked
package io.github.crmsync.retry;

import org.jspecify.annotations.NullMarked;
