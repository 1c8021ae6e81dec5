/**
 * The Salesforce CRM ({@code crm.target=salesforce}): upserts through the REST API's
 * sObject Collections by external ID, signed in with OAuth 2.0 client credentials; the
 * field mapping per object type is configuration
 * ({@code config/salesforce/field-mapping.yml}). Per-record errors become outcomes;
 * trouble with a whole request becomes the port's exceptions (transient, allowance spent,
 * credentials refused).
 */
@NullMarked
package io.github.crmsync.crm.salesforce;

import org.jspecify.annotations.NullMarked;
