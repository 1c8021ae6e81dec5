/**
 * Re-syncing failures: the daily retry job (and, later, the on-demand retry) with one reader, processor and writer
 * set. A failure is expanded to a re-sync unit (its record and the records that cascade from it), the units are sent
 * to the CRM port, and the outcomes are written back to the failure list with a constant number of statements per
 * chunk.
 */
package io.github.crmsync.retry;
