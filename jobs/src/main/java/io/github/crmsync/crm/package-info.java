/**
 * The CRM port: upsert a batch of records of one object type and get one outcome per
 * record, or an exception for trouble that concerns the whole call (transient, a spent
 * allowance, refused credentials). Jobs see only this port; adapters live in sub-packages
 * ({@code sandbox}, {@code salesforce}).
 */
@NullMarked
package io.github.crmsync.crm;

import org.jspecify.annotations.NullMarked;
