package io.github.crmsync.support;

/**
 * What an import did.
 *
 * @param rows rows in the file
 * @param inserted rows added to the table
 * @param updated existing rows replaced
 * @param unchanged rows not applied (for failures: older than the row already listed)
 */
public record ImportResult(long rows, long inserted, long updated, long unchanged) {

}
