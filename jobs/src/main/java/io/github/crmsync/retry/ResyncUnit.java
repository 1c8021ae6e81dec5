package io.github.crmsync.retry;

import java.util.List;

import io.github.crmsync.failures.ErrorCode;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.source.SourceRecord;
import org.jspecify.annotations.Nullable;

/**
 * What re-syncing one failure means: its source record (first) and every record that
 * cascades from it, or the reason it cannot be sent at all.
 *
 * @param failure the failure row
 * @param records the record and its descendants, parents first; empty when the record no
 * longer exists
 * @param problem why nothing is sent (DACO-02 or DACO-99), or {@code null}
 * @param crmAccountId the CRM ID of the unit's billing account, which every record of the
 * unit is linked to in the CRM; {@code null} for a unit of no account, or with a problem
 */
record ResyncUnit(SyncFailure failure, List<SourceRecord> records, @Nullable Problem problem,
		@Nullable String crmAccountId) {

	record Problem(ErrorCode code, String message) {
	}

}
