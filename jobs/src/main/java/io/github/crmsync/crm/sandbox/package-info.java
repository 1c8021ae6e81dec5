/**
 * The sandbox CRM: stores what it receives in {@code crm_sandbox_record} and rejects, as
 * Salesforce would, the records whose fields ask it to ({@code sandboxReject}). The
 * default CRM until a real one is configured.
 */
@NullMarked
package io.github.crmsync.crm.sandbox;

import org.jspecify.annotations.NullMarked;
