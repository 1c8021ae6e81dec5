/**
 * The object catalog: which billing object types exist, their parent/child edges (and
 * which of those cascade), the Salesforce object each maps to, which ones are enabled for
 * sync, and the connector's settings.
 */
@NullMarked
package io.github.crmsync.catalog;

import org.jspecify.annotations.NullMarked;
