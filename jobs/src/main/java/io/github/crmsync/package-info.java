/**
 * crm-sync-jobs: Spring Batch jobs that retry and purge the sync failure list of a
 * billing (Zuora) to CRM (Salesforce) connector. The entry point; features live in the
 * sub-packages.
 */
@NullMarked
package io.github.crmsync;

import org.jspecify.annotations.NullMarked;
